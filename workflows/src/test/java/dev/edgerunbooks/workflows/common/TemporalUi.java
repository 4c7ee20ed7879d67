package dev.edgerunbooks.workflows.common;

import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;

/** What the Temporal UI shows of a run, read as the UI reads it. */
public final class TemporalUi {
  private TemporalUi() {}

  /** The run's current details, from the SDK's built-in metadata query. */
  public static String currentDetails(WorkflowClient client, String workflowId) {
    return client.newUntypedWorkflowStub(workflowId)
        .query("__temporal_workflow_metadata", WorkflowMetadata.class)
        .getCurrentDetails();
  }

  /** The run's static summary. */
  public static String summary(WorkflowClient client, String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getStaticSummary();
  }
}
