package dev.edgerunbooks.workflows.backupverify;

import java.time.Instant;
import java.util.List;

/** The run report written to {@code reports/backup-verify/<date>/<runId>.json}. */
public record BackupVerifyReport(
    String workflowId,
    String runId,
    String requestedBy,
    Instant startedAt,
    Instant finishedAt,
    int stores,
    int passed,
    int failed,
    int unreachable,
    List<StoreRow> storeResults,
    List<VerifyFailure> failures) {
  public BackupVerifyReport {
    storeResults = List.copyOf(storeResults);
    failures = List.copyOf(failures);
  }
}
