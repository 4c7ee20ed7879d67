package dev.edgerunbooks.workflows.backupverify;

/** Why a store or a guest failed backup verification. */
public enum FailureKind {
  /** The store's worker did not pick up work in time, or its API could not be reached. */
  STORE_UNREACHABLE,
  /** The store's API refused or failed a call (auth, permission, server error). */
  API_ERROR,
  /** The guest has no backup on PBS. */
  BACKUP_MISSING,
  /** PBS verify of the newest backup failed: the backup is corrupt. */
  VERIFY_FAILED,
  /** The newest backup is older than the guest's RPO target. */
  RPO_EXCEEDED,
  /** The fleet definition names a guest that the cluster does not have. */
  GUEST_MISSING,
  /** The offsite copy (PBS sync job) is missing, failed, or too old. */
  OFFSITE_COPY_STALE
}
