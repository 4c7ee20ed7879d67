package dev.edgerunbooks.workflows.backupverify;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Nightly backup verification of the fleet: one {@link StoreBackupVerifyWorkflow} per store, with
 * bounded concurrency, then a report in the audit bucket. Workflow id: {@code
 * backup-verify/<timestamp>}.
 */
@WorkflowInterface
public interface BackupVerifyWorkflow {
  @WorkflowMethod
  BackupVerifySummary run(BackupVerifyRequest request);

  @QueryMethod
  BackupVerifyProgress progress();
}
