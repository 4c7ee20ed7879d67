package dev.edgerunbooks.workflows.certrotation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The daily certificate check of the fleet: one {@link StoreCertRotationWorkflow} per store with
 * bounded concurrency, then a report and the expiry metrics. Workflow id: {@code cert-rotation/<date>}.
 */
@WorkflowInterface
public interface CertRotationWorkflow {
  @WorkflowMethod
  CertRotationSummary run(CertRotationRequest request);

  @QueryMethod
  CertRotationProgress progress();
}
