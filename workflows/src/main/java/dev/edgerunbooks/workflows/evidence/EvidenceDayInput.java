package dev.edgerunbooks.workflows.evidence;

import java.time.Instant;
import java.util.List;

/** Everything the day's file is made of; the file's bytes follow from it alone. */
public record EvidenceDayInput(
    EvidencePlan plan,
    String workflowId,
    String requestedBy,
    Instant startedAt,
    Instant finishedAt,
    List<StoreRoot> stores,
    List<RunSummary> runs) {
  public EvidenceDayInput {
    stores = List.copyOf(stores);
    runs = List.copyOf(runs);
  }
}
