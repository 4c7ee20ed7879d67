package dev.edgerunbooks.workflows.common;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflowImpl;
import dev.edgerunbooks.workflows.backupverify.StoreBackupVerifyWorkflowImpl;
import dev.edgerunbooks.workflows.certrotation.CertRotationWorkflowImpl;
import dev.edgerunbooks.workflows.certrotation.StoreCertRotationWorkflowImpl;
import dev.edgerunbooks.workflows.drdrill.DrDrillWorkflowImpl;
import dev.edgerunbooks.workflows.drdrill.StoreDrillWorkflowImpl;
import dev.edgerunbooks.workflows.evidence.EvidenceWorkflowImpl;
import dev.edgerunbooks.workflows.evidence.StoreEvidenceWorkflowImpl;
import dev.edgerunbooks.workflows.patch.EvacuateNodeWorkflowImpl;
import dev.edgerunbooks.workflows.patch.PatchBatchWorkflowImpl;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflowImpl;
import dev.edgerunbooks.workflows.patch.RollbackStoreWorkflowImpl;
import dev.edgerunbooks.workflows.patch.StorePatchWorkflowImpl;
import dev.edgerunbooks.workflows.restoretest.RestoreGuestWorkflowImpl;
import dev.edgerunbooks.workflows.restoretest.RestoreTestWorkflowImpl;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreWorkflowImpl;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenRotationWorkflowImpl;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationWorkflowImpl;
import java.util.List;

/**
 * Every workflow implementation of the product, fleet and child runs: what the central worker
 * registers, what {@code edgerun replay} replays histories against, and what the recorded histories
 * are checked with. One list, so a new workflow cannot be run but not replayed.
 */
public final class ProductWorkflows {
  public static final List<Class<?>> IMPLEMENTATIONS =
      List.of(
          BackupVerifyWorkflowImpl.class,
          StoreBackupVerifyWorkflowImpl.class,
          RestoreTestWorkflowImpl.class,
          StagingRestoreWorkflowImpl.class,
          RestoreGuestWorkflowImpl.class,
          DrDrillWorkflowImpl.class,
          StoreDrillWorkflowImpl.class,
          EvidenceWorkflowImpl.class,
          StoreEvidenceWorkflowImpl.class,
          PatchWaveWorkflowImpl.class,
          PatchBatchWorkflowImpl.class,
          StorePatchWorkflowImpl.class,
          EvacuateNodeWorkflowImpl.class,
          RollbackStoreWorkflowImpl.class,
          CertRotationWorkflowImpl.class,
          StoreCertRotationWorkflowImpl.class,
          TokenRotationWorkflowImpl.class,
          StoreTokenRotationWorkflowImpl.class);

  private ProductWorkflows() {}
}
