package dev.edgerunbooks.workflows.backupverify;

import java.util.List;

/**
 * What a run returns. The failures are capped at {@link #MAX_FAILURES} so that a fleet-wide outage
 * cannot make the result too large for Temporal; the report names them all.
 */
public record BackupVerifySummary(
    String workflowId,
    int stores,
    int passed,
    int failed,
    int unreachable,
    List<VerifyFailure> failures,
    int failuresOmitted,
    String reportKey) {
  public static final int MAX_FAILURES = 200;

  public BackupVerifySummary {
    failures = List.copyOf(failures);
  }
}
