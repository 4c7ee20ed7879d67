package dev.edgerunbooks.workflows.restoretest;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One guest's restore test: newest verified backup, restore, isolate, start, wait for boot, probe,
 * and always destroy (on failure and on cancel too). Workflow id: {@code
 * <restore-test run id>/<store>/<vmid>}.
 */
@WorkflowInterface
public interface RestoreGuestWorkflow {
  @WorkflowMethod
  GuestRestoreResult restore(GuestRestoreOrder order);
}
