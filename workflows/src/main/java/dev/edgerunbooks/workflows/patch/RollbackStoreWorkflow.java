package dev.edgerunbooks.workflows.patch;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Incident runbook: put a store's guests back on its last good bundle. */
@WorkflowInterface
public interface RollbackStoreWorkflow {
  @WorkflowMethod
  StorePatchResult rollback(RollbackStoreRequest request);
}
