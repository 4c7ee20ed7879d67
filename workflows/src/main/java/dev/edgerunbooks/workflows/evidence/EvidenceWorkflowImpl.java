package dev.edgerunbooks.workflows.evidence;

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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class EvidenceWorkflowImpl implements EvidenceWorkflow {
  private final EvidencePlanActivities planner =
      Workflow.newActivityStub(EvidencePlanActivities.class, ActivityPolicies.central());
  private final EvidenceReportActivities reports =
      Workflow.newActivityStub(EvidenceReportActivities.class, ActivityPolicies.central());

  private String phase = "planning";
  private int total;
  private final Map<String, StoreRoot> roots = new LinkedHashMap<>();
  private final Set<String> running = new LinkedHashSet<>();

  @Override
  public EvidenceSummary run(EvidenceRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    EvidencePlan plan = planner.plan(request, startedAt.atZone(ZoneOffset.UTC).toLocalDate().toString());
    total = plan.stores().size();
    if (request.dryRun()) {
      phase = "done";
      return new EvidenceSummary(info.getWorkflowId(), plan.date(), true, plan, total, 0, List.of(), 0, null);
    }

    phase = "collecting";
    WorkflowSemaphore slots = Workflow.newWorkflowSemaphore(Math.max(1, request.concurrency()));
    List<Promise<Void>> done = new ArrayList<>();
    for (StoreEvidencePlan store : plan.stores()) {
      slots.acquire();
      running.add(store.storeId());
      StoreEvidenceWorkflow child =
          Workflow.newChildWorkflowStub(
              StoreEvidenceWorkflow.class,
              RunAttributes.forChild(ChildWorkflowOptions.newBuilder(), List.of(store.storeId()), null)
                  .setWorkflowId(info.getWorkflowId() + "/" + store.storeId())
                  .build());
      done.add(
          Async.function(child::collect, store, plan.date())
              .handle(
                  (root, error) -> {
                    slots.release();
                    running.remove(store.storeId());
                    roots.put(store.storeId(), root != null ? root : crashed(store.storeId(), error));
                    return null;
                  }));
    }
    Promise.allOf(done).get();

    phase = "writing";
    List<RunSummary> runs = reports.runsOn(plan.date());
    List<StoreRoot> ordered = plan.stores().stream().map(s -> roots.get(s.storeId())).toList();
    EvidenceDay day =
        reports.writeDay(
            new EvidenceDayInput(
                plan, info.getWorkflowId(), request.requestedBy(), startedAt,
                Instant.ofEpochMilli(Workflow.currentTimeMillis()), ordered, runs));
    phase = "done";
    List<String> failures =
        ordered.stream().filter(r -> !r.collected()).map(r -> r.storeId() + ": " + r.failure()).toList();
    return new EvidenceSummary(
        info.getWorkflowId(), plan.date(), false, plan, total, total - failures.size(), failures, runs.size(), day);
  }

  @Override
  public EvidenceProgress progress() {
    int failed = (int) roots.values().stream().filter(r -> !r.collected()).count();
    return new EvidenceProgress(phase, total, roots.size(), failed, new ArrayList<>(running));
  }

  /** A store workflow that itself failed (a bug, or it was terminated) is recorded, not dropped. */
  private static StoreRoot crashed(String storeId, Throwable error) {
    String why =
        error instanceof ChildWorkflowFailure child && child.getCause() != null
            ? child.getCause().getMessage()
            : String.valueOf(error);
    return new StoreRoot(storeId, null, 0, null, 0, "store workflow failed: " + why);
  }
}
