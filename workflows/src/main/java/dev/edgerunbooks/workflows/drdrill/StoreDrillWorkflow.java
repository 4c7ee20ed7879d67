package dev.edgerunbooks.workflows.drdrill;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One store's drill on its region's staging cluster: provision, cluster, Ceph, storage, restore in
 * boot order, validate, tear down (on failure and cancel too). Workflow id: the staging cluster's
 * lease, {@code staging/<region>}.
 */
@WorkflowInterface
public interface StoreDrillWorkflow {
  @WorkflowMethod
  StoreDrillReport drill(StoreDrillPlan plan, String requestedBy);

  @QueryMethod
  DrillProgress progress();

  /**
   * Stops the work in progress and cleans the staging cluster up, then returns what got done. The
   * fleet-level run sends this when it is cancelled, so its report still has every result.
   */
  @SignalMethod
  void abort(String reason);
}
