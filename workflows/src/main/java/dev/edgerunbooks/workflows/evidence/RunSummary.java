package dev.edgerunbooks.workflows.evidence;

import java.time.Instant;
import java.util.List;

/**
 * A runbook run that ended on the recorded day, as its report in the audit bucket tells it.
 *
 * @param runbook {@code backup-verify}, {@code restore-test}, {@code dr-drill}, …
 * @param startedBy who started it
 * @param approvedBy who approved it (empty for runbooks without approvals)
 * @param gates the health-gate values judged, one line each (empty for runbooks without gates)
 * @param outcome the run's verdict in its own words ({@code 18 passed, 2 failed})
 * @param reportKey the report's key in the audit bucket
 * @param reportSha256 hex SHA-256 of the report's bytes, so the day's file vouches for the report
 */
public record RunSummary(
    String runbook,
    String workflowId,
    String startedBy,
    List<String> approvedBy,
    List<String> gates,
    String outcome,
    Instant finishedAt,
    String reportKey,
    String reportSha256) {
  public RunSummary {
    approvedBy = List.copyOf(approvedBy);
    gates = List.copyOf(gates);
  }
}
