package dev.edgerunbooks.runbooks.fleet;

import java.util.List;

/** Some store ids asked for (on a command line, in a wave plan) are not in the fleet. */
public class UnknownStoreException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> unknownIds;

  UnknownStoreException(List<String> unknownIds, String message) {
    super(message);
    this.unknownIds = List.copyOf(unknownIds);
  }

  public List<String> unknownIds() {
    return unknownIds;
  }
}
