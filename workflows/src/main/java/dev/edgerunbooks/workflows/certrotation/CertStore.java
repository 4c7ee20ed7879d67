package dev.edgerunbooks.workflows.certrotation;

import java.time.Duration;
import java.util.List;

/**
 * A store to check: its nodes, the time zone its calendar is read in, and how long its worker may
 * take to pick up a task before the store counts as unreachable.
 */
public record CertStore(String storeId, String timeZone, List<String> nodes, Duration siteResponseTimeout) {
  public CertStore {
    nodes = List.copyOf(nodes);
  }
}
