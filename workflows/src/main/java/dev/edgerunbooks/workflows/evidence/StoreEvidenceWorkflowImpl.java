package dev.edgerunbooks.workflows.evidence;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.SiteProblem;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

public class StoreEvidenceWorkflowImpl implements StoreEvidenceWorkflow {
  private final EvidenceReportActivities reports =
      Workflow.newActivityStub(EvidenceReportActivities.class, ActivityPolicies.central());

  @Override
  public StoreRoot collect(StoreEvidencePlan plan, String date) {
    EvidenceSiteActivities site =
        Workflow.newActivityStub(
            EvidenceSiteActivities.class, ActivityPolicies.site(plan.taskQueue(), plan.siteResponseTimeout()));
    StoreSnapshot snapshot;
    try {
      snapshot = site.collect(plan.storeId());
    } catch (ActivityFailure e) {
      String why = SiteProblem.of(plan.storeId(), "collect evidence", e).detail();
      return new StoreRoot(plan.storeId(), null, 0, null, 0, why);
    }
    return reports.storeItems(date, snapshot);
  }
}
