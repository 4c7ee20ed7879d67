package dev.edgerunbooks.workflows.backupverify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What nightly backup verification asks of one store. Runs on that store's worker (task queue {@code
 * site-<storeId>}), which alone holds the store's endpoints and credentials: nothing here carries a
 * secret.
 */
@ActivityInterface(namePrefix = "BackupVerify")
public interface BackupVerifySiteActivities {

  /** Every guest of the store's cluster with its newest backup on the store's PBS (if any). */
  @ActivityMethod
  List<GuestBackup> inspectBackups(String storeId);

  /**
   * Runs PBS verify on one snapshot and waits for the task. Idempotent: a snapshot already verified
   * as ok is not verified again.
   */
  @ActivityMethod
  VerifyOutcome verifySnapshot(String storeId, SnapshotRef snapshot);

  /** The state of the store's offsite copy (the PBS sync job into the S3-backed datastore). */
  @ActivityMethod
  OffsiteCopy checkOffsiteCopy(String storeId);
}
