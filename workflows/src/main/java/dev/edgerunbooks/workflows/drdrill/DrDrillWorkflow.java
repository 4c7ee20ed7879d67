package dev.edgerunbooks.workflows.drdrill;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The DR drill: rebuilds each store from bare metal on its region's staging cluster and writes a
 * signed report with RPO and RTO. Workflow id: {@code dr-drill/<date>/<stores>}.
 */
@WorkflowInterface
public interface DrDrillWorkflow {
  @WorkflowMethod
  DrDrillSummary run(DrDrillRequest request);
}
