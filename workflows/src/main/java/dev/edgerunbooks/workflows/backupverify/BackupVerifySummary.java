package dev.edgerunbooks.workflows.backupverify;

import java.util.List;

/**
 * What a run returns. The failures are capped at {@link #MAX_FAILURES} so that a fleet-wide outage
 * cannot make the result too large for Temporal; the report names them all.
 *
 * @param plan what a dry run would verify: each store, the guests it is expected to have and their
 *     RPO targets; empty on a real run
 * @param reportKey null for a dry run
 */
public record BackupVerifySummary(
    String workflowId,
    boolean dryRun,
    List<StoreVerifyPlan> plan,
    int stores,
    int passed,
    int failed,
    int unreachable,
    List<VerifyFailure> failures,
    int failuresOmitted,
    String reportKey) {
  public static final int MAX_FAILURES = 200;

  public BackupVerifySummary {
    plan = plan == null ? List.of() : List.copyOf(plan);
    failures = List.copyOf(failures);
  }
}
