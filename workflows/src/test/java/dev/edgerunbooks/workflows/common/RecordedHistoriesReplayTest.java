package dev.edgerunbooks.workflows.common;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflowImpl;
import dev.edgerunbooks.workflows.backupverify.StoreBackupVerifyWorkflowImpl;
import dev.edgerunbooks.workflows.certrotation.CertRotationWorkflowImpl;
import dev.edgerunbooks.workflows.certrotation.StoreCertRotationWorkflowImpl;
import dev.edgerunbooks.workflows.drdrill.DrDrillWorkflowImpl;
import dev.edgerunbooks.workflows.drdrill.StoreDrillWorkflowImpl;
import dev.edgerunbooks.workflows.evidence.EvidenceWorkflowImpl;
import dev.edgerunbooks.workflows.evidence.StoreEvidenceWorkflowImpl;
import dev.edgerunbooks.workflows.patch.PatchBatchWorkflowImpl;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflowImpl;
import dev.edgerunbooks.workflows.patch.StorePatchWorkflowImpl;
import dev.edgerunbooks.workflows.restoretest.RestoreGuestWorkflowImpl;
import dev.edgerunbooks.workflows.restoretest.RestoreTestWorkflowImpl;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreWorkflowImpl;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenRotationWorkflowImpl;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded history under {@code src/test/resources/histories/} must replay against the current
 * workflow code. A failure here means a change altered the commands a workflow issues for an
 * existing history: wrap the change in {@code Workflow.getVersion} instead of editing the history.
 */
class RecordedHistoriesReplayTest {
  /** Workflow type (first event of a history) to the implementation that must replay it. */
  private static final Map<String, Class<?>> IMPLEMENTATIONS =
      Map.ofEntries(
          Map.entry("EvidenceWorkflow", EvidenceWorkflowImpl.class),
          Map.entry("StoreEvidenceWorkflow", StoreEvidenceWorkflowImpl.class),
          Map.entry("BackupVerifyWorkflow", BackupVerifyWorkflowImpl.class),
          Map.entry("StoreBackupVerifyWorkflow", StoreBackupVerifyWorkflowImpl.class),
          Map.entry("RestoreTestWorkflow", RestoreTestWorkflowImpl.class),
          Map.entry("StagingRestoreWorkflow", StagingRestoreWorkflowImpl.class),
          Map.entry("RestoreGuestWorkflow", RestoreGuestWorkflowImpl.class),
          Map.entry("DrDrillWorkflow", DrDrillWorkflowImpl.class),
          Map.entry("StoreDrillWorkflow", StoreDrillWorkflowImpl.class),
          Map.entry("PatchWaveWorkflow", PatchWaveWorkflowImpl.class),
          Map.entry("PatchBatchWorkflow", PatchBatchWorkflowImpl.class),
          Map.entry("StorePatchWorkflow", StorePatchWorkflowImpl.class),
          Map.entry("CertRotationWorkflow", CertRotationWorkflowImpl.class),
          Map.entry("StoreCertRotationWorkflow", StoreCertRotationWorkflowImpl.class),
          Map.entry("TokenRotationWorkflow", TokenRotationWorkflowImpl.class),
          Map.entry("StoreTokenRotationWorkflow", StoreTokenRotationWorkflowImpl.class));

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.edgerunbooks.workflows.common.RecordedHistories#recordedHistories")
  void replaysAgainstTheCurrentCode(String resource) throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load(resource);
    String type =
        history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
    Class<?> impl = IMPLEMENTATIONS.get(type);
    if (impl == null) {
      throw new AssertionError(
          resource + ": workflow type " + type + " has no implementation in IMPLEMENTATIONS of " + getClass().getSimpleName());
    }
    try {
      WorkflowReplayer.replayWorkflowExecution(history, impl);
    } catch (Exception | Error e) {
      throw new AssertionError(
          resource
              + " (workflow type "
              + type
              + ") does not replay against "
              + impl.getSimpleName()
              + ": "
              + RecordedHistories.divergence(e)
              + "\nA change altered this workflow's history: wrap it in Workflow.getVersion and keep the old history.",
          e);
    }
  }
}
