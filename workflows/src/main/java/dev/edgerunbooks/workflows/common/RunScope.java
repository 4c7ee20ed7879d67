package dev.edgerunbooks.workflows.common;

import java.util.List;

/** What a runbook's request says a run acts on, which its search attributes ({@link RunAttributes}) carry. */
public interface RunScope {
  /** The stores the run is limited to; empty for the whole fleet. */
  List<String> stores();

  /** Who started it: {@code user:alice}, {@code schedule:nightly}. */
  String startedBy();

  /** The patch bundle the run is about, or null. */
  default String bundle() {
    return null;
  }
}
