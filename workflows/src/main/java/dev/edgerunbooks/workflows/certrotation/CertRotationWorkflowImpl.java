package dev.edgerunbooks.workflows.certrotation;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.StoreFanOut;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

public class CertRotationWorkflowImpl implements CertRotationWorkflow {
  private final CertRotationPlanActivities planner =
      Workflow.newActivityStub(CertRotationPlanActivities.class, ActivityPolicies.central());
  private final CertRotationReportActivities reports =
      Workflow.newActivityStub(CertRotationReportActivities.class, ActivityPolicies.central());
  private final StoreFanOut<StoreCertRotationWorkflow, StoreCertResult> fanOut =
      new StoreFanOut<>(StoreCertRotationWorkflow.class);

  private String phase = "planning";
  private int total;

  @Override
  public CertRotationSummary run(CertRotationRequest request) {
    Instant startedAt = now();
    showDetails();
    CertRotationPlan plan = planner.plan(request);
    CertPolicy policy = plan.policy();
    total = plan.stores().size();
    phase(request.dryRun() ? "checking (dry run)" : "checking and renewing");
    Map<String, CertStore> byId = new LinkedHashMap<>();
    plan.stores().forEach(s -> byId.put(s.storeId(), s));
    fanOut.summarizedAs(id -> "cert rotation of " + id + " (" + byId.get(id).nodes().size() + " nodes)" + (request.dryRun() ? ", dry run" : "")).onChange(this::showDetails);
    List<StoreCertResult> stores =
        fanOut.run(
            List.copyOf(byId.keySet()),
            policy.concurrency(),
            (child, id) -> Async.function(child::rotate, new StoreCertInput(byId.get(id), policy, request.force(), request.dryRun())),
            (id, why) -> new StoreCertResult(id, List.of(), why));
    phase("reporting");
    Instant finishedAt = now();
    CertRotationSummary summary =
        new CertRotationSummary(
            Workflow.getInfo().getWorkflowId(), request.dryRun(), request.force(), request.initiator(), startedAt, finishedAt,
            policy, stores, escalations(stores, policy.escalateBefore(), finishedAt), null);
    String key = reports.write(summary);
    phase("done");
    return new CertRotationSummary(
        summary.runId(), summary.dryRun(), summary.force(), summary.initiator(), startedAt, finishedAt, policy, stores,
        summary.escalations(), key);
  }

  /** Failed renewals of certificates that expire within {@code escalateBefore}: the ones a human must see today. */
  static List<Escalation> escalations(List<StoreCertResult> stores, Duration escalateBefore, Instant now) {
    List<Escalation> out = new ArrayList<>();
    for (StoreCertResult store : stores) {
      for (NodeRotation node : store.nodes()) {
        if (!node.outcome().failed()) continue;
        Instant notAfter = node.notAfter();
        if (notAfter == null || Duration.between(now, notAfter).compareTo(escalateBefore) < 0) {
          long daysLeft = notAfter == null ? -1 : Duration.between(now, notAfter).toDays();
          out.add(new Escalation(store.storeId(), node.node(), notAfter, daysLeft,
              node.outcome() + (node.why() == null ? "" : ", " + node.why()) + ": " + node.detail()));
        }
      }
    }
    return out;
  }

  @Override
  public CertRotationProgress progress() {
    Function<StoreCertResult, List<NodeOutcome>> outcomes = r -> r.nodes().stream().map(NodeRotation::outcome).toList();
    return new CertRotationProgress(phase, total, fanOut.done(), fanOut.count(outcomes), fanOut.running());
  }

  private void phase(String now) {
    phase = now;
    showDetails();
  }

  /** The run's current details in the Temporal UI, from its progress. */
  private void showDetails() {
    CertRotationProgress p = progress();
    CurrentDetails.phase(p.phase()).done(p.done(), p.stores(), "stores").inFlight(p.running()).counts("nodes", p.nodes()).show();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
