package dev.edgerunbooks.workflows.backupverify;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Verification of one store. Workflow id: {@code <parent id>/<storeId>}. */
@WorkflowInterface
public interface StoreBackupVerifyWorkflow {
  /**
   * Never fails for a store problem: an unreachable store, a corrupt backup or a missed RPO are
   * results, so the fleet run goes on with the other stores.
   */
  @WorkflowMethod
  StoreVerifyResult verify(StoreVerifyPlan plan, String reportPrefix);
}
