package dev.edgerunbooks.workflows.restoretest;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The weekly restore test: selects this week's guests, restores each onto its region's staging
 * cluster (one {@link StagingRestoreWorkflow} per region), and writes a report with RPO and RTO per
 * guest. Workflow id: {@code restore-test/<week>}.
 */
@WorkflowInterface
public interface RestoreTestWorkflow {
  @WorkflowMethod
  RestoreTestSummary run(RestoreTestRequest request);

  @QueryMethod
  RestoreTestProgress progress();
}
