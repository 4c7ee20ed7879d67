package dev.edgerunbooks.workflows.tokenrotation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Rotates the PVE and PBS API tokens of the fleet: one {@link StoreTokenRotationWorkflow} per store
 * with bounded concurrency, then a report. Workflow id: {@code token-rotation/<date>}.
 */
@WorkflowInterface
public interface TokenRotationWorkflow {
  @WorkflowMethod
  TokenRotationSummary run(TokenRotationRequest request);

  @QueryMethod
  TokenRotationProgress progress();
}
