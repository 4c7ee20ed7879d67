package dev.edgerunbooks.workflows.drdrill;

import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.Detached;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class DrDrillWorkflowImpl implements DrDrillWorkflow {

  private final DrDrillPlanActivities planner =
      Workflow.newActivityStub(DrDrillPlanActivities.class, ActivityPolicies.central());
  private final DrDrillReportActivities reports =
      Workflow.newActivityStub(DrDrillReportActivities.class, ActivityPolicies.central());

  private final Map<String, StoreDrillOutcome> outcomes = new LinkedHashMap<>();
  private final Set<String> drilling = new LinkedHashSet<>();
  private String abortReason;
  private String phase = "planning";
  private int total;

  @Override
  public DrDrillSummary run(DrDrillRequest request) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    showDetails();
    DrDrillPlan plan = planner.plan(request);
    total = plan.stores().size();
    if (request.dryRun()) {
      phase("dry run done");
      return new DrDrillSummary(workflowId, true, plan, List.of());
    }
    phase("drilling");
    // one staging cluster per region: its stores one after the other, regions side by side
    Map<String, List<StoreDrillPlan>> byRegion = new LinkedHashMap<>();
    plan.stores().forEach(s -> byRegion.computeIfAbsent(s.cluster().region(), r -> new ArrayList<>()).add(s));
    List<Promise<Void>> regions = new ArrayList<>();
    for (List<StoreDrillPlan> stores : byRegion.values()) {
      regions.add(
          Detached.start(() -> Async.procedure(() -> stores.forEach(s -> drill(s, request.requestedBy())))));
    }
    Promise<Void> all = Promise.allOf(regions);
    try {
      Workflow.await(all::isCompleted);
    } catch (CanceledFailure e) {
      // a drill that is cancelled still tears down and gets its signed report
      Workflow.newDetachedCancellationScope(
              () -> {
                abortReason = "the DR drill " + workflowId + " was cancelled";
                phase("aborting");
                for (String lease : List.copyOf(drilling)) {
                  try {
                    Workflow.newExternalWorkflowStub(StoreDrillWorkflow.class, lease).abort(abortReason);
                  } catch (RuntimeException finishedMeanwhile) {
                    // nothing left to abort
                  }
                }
                all.get();
              })
          .run();
      throw e;
    }
    List<StoreDrillOutcome> ordered = plan.stores().stream().map(s -> outcomes.get(s.storeId())).toList();
    phase("done");
    return new DrDrillSummary(workflowId, false, null, ordered);
  }

  private void drill(StoreDrillPlan store, String requestedBy) {
    if (abortReason != null) {
      outcomes.put(
          store.storeId(),
          new StoreDrillOutcome(store.storeId(), DrillVerdict.CANCELLED, abortReason + " before it started", null, null, null));
      return;
    }
    String lease = store.cluster().leaseWorkflowId();
    StoreDrillWorkflow child =
        Workflow.newChildWorkflowStub(
            StoreDrillWorkflow.class,
            RunAttributes.forChild(ChildWorkflowOptions.newBuilder(), List.of(store.storeId()), null)
                .setWorkflowId(lease)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setStaticSummary(
                    "DR drill of " + store.storeId() + " on " + store.cluster().siteId() + " ("
                        + Workflow.getInfo().getWorkflowId() + ")")
                .build());
    drilling.add(lease);
    showDetails();
    StoreDrillReport report;
    try {
      report = child.drill(store, requestedBy);
    } catch (ChildWorkflowFailure e) {
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      outcomes.put(
          store.storeId(),
          new StoreDrillOutcome(
              store.storeId(),
              DrillVerdict.FAILED,
              "the drill on " + lease + " failed, or another run holds that staging cluster: " + why,
              null,
              null,
              null));
      return;
    } finally {
      drilling.remove(lease);
      showDetails();
    }
    DrillReportKeys keys = reports.writeReport(report);
    outcomes.put(
        store.storeId(),
        new StoreDrillOutcome(store.storeId(), report.verdict(), report.failure(), report.rto(), report.worstRpo(), keys));
    showDetails();
  }

  private void phase(String phase) {
    this.phase = phase;
    showDetails();
  }

  /** "**drilling** · 1/3 stores done", the verdicts, the staging clusters drilling, an abort. */
  private void showDetails() {
    CurrentDetails details = CurrentDetails.phase(phase);
    if (total > 0) details.done(outcomes.size(), total, "stores");
    details.countsOf("stores", outcomes.values(), StoreDrillOutcome::verdict).inFlight(List.copyOf(drilling)).line(abortReason).show();
  }
}
