package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.StoreFanOut;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class BackupVerifyWorkflowImpl implements BackupVerifyWorkflow {

  private final BackupVerifyPlanActivities planner =
      Workflow.newActivityStub(BackupVerifyPlanActivities.class, ActivityPolicies.central());
  private final BackupVerifyReportActivities reports =
      Workflow.newActivityStub(BackupVerifyReportActivities.class, ActivityPolicies.central());

  private String phase = "planning";
  private int total;
  /** The guests a dry run planned; -1 on a real run. */
  private int plannedGuests = -1;
  private final StoreFanOut<StoreBackupVerifyWorkflow, StoreVerifyResult> stores =
      new StoreFanOut<StoreBackupVerifyWorkflow, StoreVerifyResult>(StoreBackupVerifyWorkflow.class)
          .summarizedAs(id -> "backup verification of " + id)
          .onChange(this::showDetails);
  /** Stores whose workflow failed, so that no store result was written for them. */
  private final Set<String> crashed = new HashSet<>();

  @Override
  public BackupVerifySummary run(BackupVerifyRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    showDetails();
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String runPrefix = BackupVerifyReports.runPrefix(startedAt, info.getRunId());

    List<StoreVerifyPlan> plans = planner.plan(request);
    total = plans.size();
    if (request.dryRun()) {
      // after the plan and before any other command, so a run recorded before dry runs replays as it ran
      plannedGuests = plans.stream().mapToInt(plan -> plan.guests().size()).sum();
      phase("dry run done");
      return new BackupVerifySummary(info.getWorkflowId(), true, plans, total, 0, 0, 0, List.of(), 0, null);
    }
    phase("verifying");
    Map<String, StoreVerifyPlan> byId = new LinkedHashMap<>();
    plans.forEach(plan -> byId.put(plan.storeId(), plan));
    List<StoreVerifyResult> results =
        stores.run(
            List.copyOf(byId.keySet()),
            request.concurrency(),
            (child, id) -> Async.function(child::verify, byId.get(id), runPrefix),
            this::crashed);
    List<StoreRow> rows = new ArrayList<>();
    List<VerifyFailure> failures = new ArrayList<>();
    for (StoreVerifyResult result : results) {
      String detailKey = crashed.contains(result.storeId()) ? null : BackupVerifyReports.storeResultKey(runPrefix, result.storeId());
      rows.add(row(result, detailKey));
      failures.addAll(result.failures());
    }

    phase("reporting");
    int passed = count(StoreVerdict.PASSED);
    int failed = count(StoreVerdict.FAILED);
    int unreachable = count(StoreVerdict.UNREACHABLE);
    BackupVerifyReport report =
        new BackupVerifyReport(
            info.getWorkflowId(),
            info.getRunId(),
            request.requestedBy(),
            startedAt,
            Instant.ofEpochMilli(Workflow.currentTimeMillis()),
            total,
            passed,
            failed,
            unreachable,
            rows,
            failures);
    String reportKey = reports.writeReport(runPrefix, report);
    phase("done");

    int shown = Math.min(failures.size(), BackupVerifySummary.MAX_FAILURES);
    return new BackupVerifySummary(
        info.getWorkflowId(),
        false,
        List.of(),
        total,
        passed,
        failed,
        unreachable,
        failures.subList(0, shown),
        failures.size() - shown,
        reportKey);
  }

  @Override
  public BackupVerifyProgress progress() {
    return new BackupVerifyProgress(
        phase,
        total,
        stores.done(),
        count(StoreVerdict.PASSED),
        count(StoreVerdict.FAILED),
        count(StoreVerdict.UNREACHABLE),
        stores.running());
  }

  private void phase(String phase) {
    this.phase = phase;
    showDetails();
  }

  /**
   * "**verifying** · 12/20 stores done", the verdicts so far and the stores in flight; a dry run's
   * "**dry run done**" and what it planned.
   */
  private void showDetails() {
    CurrentDetails details = CurrentDetails.phase(phase);
    if (plannedGuests >= 0) {
      details.line(total + " stores, " + plannedGuests + " guests planned; nothing was verified").show();
      return;
    }
    if (total > 0) details.done(stores.done(), total, "stores");
    details.counts("stores", stores.<StoreVerdict>count(r -> List.of(r.verdict()))).inFlight(stores.running()).show();
  }

  private static StoreRow row(StoreVerifyResult result, String detailKey) {
    int passedGuests = (int) result.guests().stream().filter(GuestVerifyResult::passed).count();
    return new StoreRow(result.storeId(), result.verdict(), result.guests().size(), passedGuests, result.worstRpo(), detailKey);
  }

  /** A store workflow that itself failed (a bug, or it was terminated) still gets a line, without a detail file. */
  private StoreVerifyResult crashed(String storeId, String why) {
    crashed.add(storeId);
    VerifyFailure failure = new VerifyFailure(storeId, null, null, FailureKind.API_ERROR, why);
    return new StoreVerifyResult(storeId, StoreVerdict.FAILED, List.of(), null, null, List.of(failure));
  }

  private int count(StoreVerdict verdict) {
    return stores.countWhere(r -> r.verdict() == verdict);
  }
}
