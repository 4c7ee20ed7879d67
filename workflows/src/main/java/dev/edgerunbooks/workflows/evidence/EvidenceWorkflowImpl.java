package dev.edgerunbooks.workflows.evidence;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.StoreFanOut;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class EvidenceWorkflowImpl implements EvidenceWorkflow {
  private final EvidencePlanActivities planner =
      Workflow.newActivityStub(EvidencePlanActivities.class, ActivityPolicies.central());
  private final EvidenceReportActivities reports =
      Workflow.newActivityStub(EvidenceReportActivities.class, ActivityPolicies.central());

  private String phase = "planning";
  private String date;
  private int total;
  private final StoreFanOut<StoreEvidenceWorkflow, StoreRoot> stores =
      new StoreFanOut<StoreEvidenceWorkflow, StoreRoot>(StoreEvidenceWorkflow.class)
          .summarizedAs(id -> "evidence of " + id + " for " + date)
          .onChange(this::showDetails);

  @Override
  public EvidenceSummary run(EvidenceRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    showDetails();
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    EvidencePlan plan = planner.plan(request, startedAt.atZone(ZoneOffset.UTC).toLocalDate().toString());
    total = plan.stores().size();
    date = plan.date();
    if (request.dryRun()) {
      phase("done");
      return new EvidenceSummary(info.getWorkflowId(), plan.date(), true, plan, total, 0, List.of(), 0, null);
    }

    phase("collecting");
    Map<String, StoreEvidencePlan> byId = new LinkedHashMap<>();
    plan.stores().forEach(store -> byId.put(store.storeId(), store));
    List<StoreRoot> ordered =
        stores.run(
            List.copyOf(byId.keySet()),
            request.concurrency(),
            (child, id) -> Async.function(child::collect, byId.get(id), plan.date()),
            (id, why) -> new StoreRoot(id, null, 0, null, 0, why));

    phase("writing");
    List<RunSummary> runs = reports.runsOn(plan.date());
    EvidenceDay day =
        reports.writeDay(
            new EvidenceDayInput(
                plan, info.getWorkflowId(), request.requestedBy(), startedAt,
                Instant.ofEpochMilli(Workflow.currentTimeMillis()), ordered, runs));
    phase("done");
    List<String> failures =
        ordered.stream().filter(r -> !r.collected()).map(r -> r.storeId() + ": " + r.failure()).toList();
    return new EvidenceSummary(
        info.getWorkflowId(), plan.date(), false, plan, total, total - failures.size(), failures, runs.size(), day);
  }

  @Override
  public EvidenceProgress progress() {
    return new EvidenceProgress(phase, total, stores.done(), failed(), stores.running());
  }

  private int failed() {
    return stores.countWhere(root -> !root.collected());
  }

  private void phase(String phase) {
    this.phase = phase;
    showDetails();
  }

  /** "**collecting 2026-11-24** · 12/20 stores done", the failed count and the stores in flight. */
  private void showDetails() {
    CurrentDetails details = CurrentDetails.phase(phase + (date == null ? "" : " " + date));
    if (total > 0) details.done(stores.done(), total, "stores");
    int failed = failed();
    details.line(failed > 0 ? failed + " not collected" : null).inFlight(stores.running()).show();
  }
}
