package dev.edgerunbooks.workflows.evidence;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;

/**
 * A night's evidence run.
 *
 * @param date the day recorded, {@code YYYY-MM-DD}; null for the run's own day in UTC
 * @param stores the stores to collect; empty for the whole fleet (a partial day is marked as such)
 * @param concurrency how many stores are collected at once
 * @param dryRun plan only: which stores, which day, which previous day the chain links to
 * @param requestedBy who started the run (a user, or {@code schedule:<name>})
 */
public record EvidenceRequest(
    String date, List<String> stores, int concurrency, boolean dryRun, String requestedBy) implements RunScope {
  public EvidenceRequest {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }

  @Override
  public String startedBy() {
    return requestedBy;
  }
}
