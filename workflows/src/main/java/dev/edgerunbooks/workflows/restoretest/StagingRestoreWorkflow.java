package dev.edgerunbooks.workflows.restoretest;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The restore tests of one region on its staging cluster, at most {@code capacity} at a time.
 * Workflow id: the staging cluster's lease, {@code staging/<region>}.
 */
@WorkflowInterface
public interface StagingRestoreWorkflow {
  @WorkflowMethod
  StagingRestoreResult run(StagingRestorePlan plan);

  @QueryMethod
  StagingRestoreProgress progress();

  /**
   * Stops the work in progress and cleans the staging cluster up, then returns what got done. The
   * fleet-level run sends this when it is cancelled, so its report still has every result.
   */
  @SignalMethod
  void abort(String reason);
}
