package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.workflow.Workflow;
import java.util.List;

public class EvacuateNodeWorkflowImpl implements EvacuateNodeWorkflow {
  @Override
  public EvacuationResult evacuate(EvacuateNodeRequest request) {
    StorePatchActivities site =
        Workflow.newActivityStub(
            StorePatchActivities.class, ActivityPolicies.site(TaskQueues.site(request.storeId()), IncidentDefaults.responseTimeout(request.siteResponseTimeout())));
    site.setNoout(request.storeId(), true);
    List<GuestPlacement> moved = site.evacuateNode(request.storeId(), request.node());
    return new EvacuationResult(
        request.storeId(), request.node(), moved,
        "Ceph noout stays set so the node's OSDs are not rebalanced away: clear it (PUT /cluster/ceph/flags/noout value=0) once "
            + request.node() + " is repaired and back, then move guests back if wanted");
  }
}
