package dev.edgerunbooks.workflows.restoretest;

import java.util.List;

/**
 * What a restore test run returns.
 *
 * @param plan the plan; only set for a dry run
 * @param failures the failed guests, at most {@link #MAX_FAILURES}
 * @param moreFailures how many failed guests are not listed here (they are in the report)
 */
public record RestoreTestSummary(
    String workflowId,
    String week,
    boolean dryRun,
    RestoreTestPlan plan,
    int total,
    int passed,
    int failed,
    List<GuestRestoreResult> failures,
    int moreFailures,
    String reportKey,
    String trendKey) {
  public static final int MAX_FAILURES = 200;

  public RestoreTestSummary {
    failures = failures == null ? List.of() : List.copyOf(failures);
  }
}
