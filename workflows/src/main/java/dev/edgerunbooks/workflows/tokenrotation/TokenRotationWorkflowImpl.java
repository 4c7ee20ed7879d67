package dev.edgerunbooks.workflows.tokenrotation;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.StoreFanOut;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

public class TokenRotationWorkflowImpl implements TokenRotationWorkflow {
  private final TokenRotationPlanActivities planner =
      Workflow.newActivityStub(TokenRotationPlanActivities.class, ActivityPolicies.central());
  private final TokenRotationReportActivities reports =
      Workflow.newActivityStub(TokenRotationReportActivities.class, ActivityPolicies.central());
  private final StoreFanOut<StoreTokenRotationWorkflow, StoreTokenResult> fanOut =
      new StoreFanOut<>(StoreTokenRotationWorkflow.class);

  private String phase = "planning";
  private int total;

  @Override
  public TokenRotationSummary run(TokenRotationRequest request) {
    Instant startedAt = now();
    showDetails();
    TokenRotationPlan plan = planner.plan(request);
    TokenPolicy policy = plan.policy();
    total = plan.stores().size();
    phase(request.dryRun() ? "checking (dry run)" : "rotating");
    Map<String, TokenStore> byId = new LinkedHashMap<>();
    plan.stores().forEach(s -> byId.put(s.storeId(), s));
    fanOut.summarizedAs(id -> "token rotation of " + id + " (" + byId.get(id).accounts().size() + " accounts)" + (request.dryRun() ? ", dry run" : "")).onChange(this::showDetails);
    List<StoreTokenResult> stores =
        fanOut.run(
            List.copyOf(byId.keySet()),
            policy.concurrency(),
            (child, id) -> Async.function(child::rotate, new StoreTokenInput(byId.get(id), policy, request.force(), request.dryRun())),
            (id, why) -> new StoreTokenResult(id, List.of(), why));
    phase("reporting");
    TokenRotationSummary summary =
        new TokenRotationSummary(Workflow.getInfo().getWorkflowId(), request.dryRun(), request.force(), request.initiator(),
            startedAt, now(), policy, stores, null);
    String key = reports.write(summary);
    phase("done");
    return new TokenRotationSummary(summary.runId(), summary.dryRun(), summary.force(), summary.initiator(), startedAt,
        summary.finishedAt(), policy, stores, key);
  }

  @Override
  public TokenRotationProgress progress() {
    Function<StoreTokenResult, List<TokenOutcome>> outcomes = r -> r.accounts().stream().map(AccountRotation::outcome).toList();
    return new TokenRotationProgress(phase, total, fanOut.done(), fanOut.count(outcomes), fanOut.running());
  }

  private void phase(String now) {
    phase = now;
    showDetails();
  }

  /** The run's current details in the Temporal UI, from its progress. */
  private void showDetails() {
    TokenRotationProgress p = progress();
    CurrentDetails.phase(p.phase()).done(p.done(), p.stores(), "stores").inFlight(p.running()).counts("accounts", p.accounts()).show();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
