package dev.edgerunbooks.workflows.restoretest;

import java.time.Instant;
import java.util.List;

/** The report of one restore test run, written to the audit bucket. */
public record RestoreTestReport(
    String workflowId,
    String runId,
    String week,
    String requestedBy,
    Instant startedAt,
    Instant finishedAt,
    int total,
    int passed,
    int failed,
    List<GuestRestoreResult> guests,
    List<String> stagingLeftoversRemoved) {
  public RestoreTestReport {
    guests = List.copyOf(guests);
    stagingLeftoversRemoved = List.copyOf(stagingLeftoversRemoved);
  }
}
