package dev.edgerunbooks.workflows.evidence;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Nightly audit evidence of the fleet: one {@link StoreEvidenceWorkflow} per store with bounded
 * concurrency, then one signed, hash-chained file for the day and a drift report against the day
 * before. Workflow id: {@code evidence/<date>}.
 */
@WorkflowInterface
public interface EvidenceWorkflow {
  @WorkflowMethod
  EvidenceSummary run(EvidenceRequest request);

  @QueryMethod
  EvidenceProgress progress();
}
