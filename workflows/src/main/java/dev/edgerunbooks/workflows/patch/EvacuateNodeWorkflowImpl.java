package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Consumer;

public class EvacuateNodeWorkflowImpl implements EvacuateNodeWorkflow {
  @Override
  public EvacuationResult evacuate(EvacuateNodeRequest request) {
    StorePatchActivities site =
        Workflow.newActivityStub(
            StorePatchActivities.class, ActivityPolicies.site(TaskQueues.site(request.storeId()), IncidentDefaults.responseTimeout(request.siteResponseTimeout())));
    Consumer<String> step = what -> CurrentDetails.phase("evacuate " + request.node() + " of " + request.storeId())
        .line("step: " + what).line("requested by " + request.initiator()).show();
    step.accept("set Ceph noout");
    site.setNoout(request.storeId(), true);
    step.accept("move its guests to the other nodes");
    List<GuestPlacement> moved = site.evacuateNode(request.storeId(), request.node());
    return new EvacuationResult(
        request.storeId(), request.node(), moved,
        "Ceph noout stays set so the node's OSDs are not rebalanced away: clear it (PUT /cluster/ceph/flags/noout value=0) once "
            + request.node() + " is repaired and back, then move guests back if wanted");
  }
}
