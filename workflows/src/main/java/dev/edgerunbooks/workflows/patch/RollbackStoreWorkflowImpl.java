package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.SiteProblem;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;

public class RollbackStoreWorkflowImpl implements RollbackStoreWorkflow {
  @Override
  public StorePatchResult rollback(RollbackStoreRequest request) {
    String id = request.storeId();
    StorePatchActivities site =
        Workflow.newActivityStub(StorePatchActivities.class, ActivityPolicies.site(TaskQueues.site(id), IncidentDefaults.responseTimeout(request.siteResponseTimeout())));
    Instant started = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    // Without a bundle to leave there are no pre-<bundle> snapshots to use; every guest is re-pointed and rebooted.
    String snapshot = request.fromBundle() == null ? "pre-none" : BundleManifest.snapshotName(request.fromBundle());
    StorePatchOutcome outcome = StorePatchOutcome.ROLLED_BACK;
    String detail = "back on " + request.toBundle();
    CurrentDetails.phase("roll back " + id + " to " + request.toBundle())
        .line("step: revert the guests to snapshot " + snapshot + " and re-point them at " + request.toBundle())
        .line("requested by " + request.initiator())
        .show();
    try {
      site.rollbackGuests(id, snapshot, request.toBundle());
    } catch (ActivityFailure e) {
      outcome = StorePatchOutcome.NEEDS_ATTENTION;
      detail = SiteProblem.of(id, "roll back to " + request.toBundle(), e).detail();
    }
    return new StorePatchResult(id, outcome, request.toBundle(), false, detail, started, Instant.ofEpochMilli(Workflow.currentTimeMillis()));
  }
}
