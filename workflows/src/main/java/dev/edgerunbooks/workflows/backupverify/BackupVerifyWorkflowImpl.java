package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.ActivityPolicies;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import io.temporal.workflow.WorkflowSemaphore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
  private final Map<String, StoreRow> rows = new LinkedHashMap<>();
  private final Set<String> running = new LinkedHashSet<>();
  private final List<VerifyFailure> failures = new ArrayList<>();

  @Override
  public BackupVerifySummary run(BackupVerifyRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String runPrefix = BackupVerifyReports.runPrefix(startedAt, info.getRunId());

    List<StoreVerifyPlan> plans = planner.plan(request);
    total = plans.size();
    phase = "verifying";

    WorkflowSemaphore slots = Workflow.newWorkflowSemaphore(request.concurrency());
    List<Promise<Void>> done = new ArrayList<>();
    for (StoreVerifyPlan plan : plans) {
      slots.acquire();
      running.add(plan.storeId());
      StoreBackupVerifyWorkflow store =
          Workflow.newChildWorkflowStub(
              StoreBackupVerifyWorkflow.class,
              RunAttributes.forChild(ChildWorkflowOptions.newBuilder(), List.of(plan.storeId()), null)
                  .setWorkflowId(info.getWorkflowId() + "/" + plan.storeId())
                  .build());
      done.add(
          Async.function(store::verify, plan, runPrefix)
              .handle(
                  (result, error) -> {
                    slots.release();
                    running.remove(plan.storeId());
                    if (result != null) {
                      collect(result, BackupVerifyReports.storeResultKey(runPrefix, plan.storeId()));
                    } else {
                      collect(crashed(plan.storeId(), error), null);
                    }
                    return null;
                  }));
    }
    Promise.allOf(done).get();

    phase = "reporting";
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
            plans.stream().map(plan -> rows.get(plan.storeId())).toList(),
            failures);
    String reportKey = reports.writeReport(runPrefix, report);
    phase = "done";

    int shown = Math.min(failures.size(), BackupVerifySummary.MAX_FAILURES);
    return new BackupVerifySummary(
        info.getWorkflowId(),
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
        rows.size(),
        count(StoreVerdict.PASSED),
        count(StoreVerdict.FAILED),
        count(StoreVerdict.UNREACHABLE),
        new ArrayList<>(running));
  }

  /** @param detailKey where the store's full result was written, null when it was not */
  private void collect(StoreVerifyResult result, String detailKey) {
    int passedGuests = (int) result.guests().stream().filter(GuestVerifyResult::passed).count();
    rows.put(
        result.storeId(),
        new StoreRow(
            result.storeId(),
            result.verdict(),
            result.guests().size(),
            passedGuests,
            result.worstRpo(),
            detailKey));
    failures.addAll(result.failures());
  }

  /** A store workflow that itself failed (a bug, or it was terminated) still gets a line. */
  private static StoreVerifyResult crashed(String storeId, Throwable error) {
    String why =
        error instanceof ChildWorkflowFailure child && child.getCause() != null
            ? child.getCause().getMessage()
            : String.valueOf(error);
    VerifyFailure failure =
        new VerifyFailure(storeId, null, null, FailureKind.API_ERROR, "store workflow failed: " + why);
    return new StoreVerifyResult(storeId, StoreVerdict.FAILED, List.of(), null, null, List.of(failure));
  }

  private int count(StoreVerdict verdict) {
    return (int) rows.values().stream().filter(r -> r.verdict() == verdict).count();
  }
}
