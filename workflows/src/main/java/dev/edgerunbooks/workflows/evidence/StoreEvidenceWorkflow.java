package dev.edgerunbooks.workflows.evidence;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One store's evidence: collected on the store's worker, written centrally; only the store's root
 * goes back to the fleet run, so its history does not grow with the stores' configurations.
 * Workflow id: {@code <parent id>/<storeId>}.
 */
@WorkflowInterface
public interface StoreEvidenceWorkflow {
  /** Never fails for a store problem: a store that cannot be collected is a result with a failure. */
  @WorkflowMethod
  StoreRoot collect(StoreEvidencePlan plan, String date);
}
