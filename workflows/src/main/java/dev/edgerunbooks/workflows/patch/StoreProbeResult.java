package dev.edgerunbooks.workflows.patch;

import java.util.List;

/** The store's local health probes after the change: every guest's application probe. */
public record StoreProbeResult(boolean healthy, List<String> failures) {
  public StoreProbeResult {
    failures = List.copyOf(failures);
  }
}
