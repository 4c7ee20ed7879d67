package dev.edgerunbooks.workflows.patch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One store's change: wait for its window, preflight, snapshot every guest, rolling host upgrade
 * (noout, evacuate, upgrade, reboot, HEALTH_OK, move back), point the guests at the bundle, probe.
 * A failure rolls the store back. Workflow id: {@code patch/<bundle>/<store>}.
 */
@WorkflowInterface
public interface StorePatchWorkflow {
  @WorkflowMethod
  StorePatchResult patch(StorePatchPlan plan);

  /** Stops at the next step and rolls back whatever was changed. */
  @SignalMethod
  void abort(String reason);

  /** The current step, and whether an abort is pending. */
  @QueryMethod
  String step();
}
