package dev.edgerunbooks.workflows.restoretest;

/** Why a guest's restore test failed. */
public enum RestoreFailureKind {
  /** The guest has no backup on PBS. */
  BACKUP_MISSING,
  /** The newest backup was never verified, or its verification failed. */
  BACKUP_UNVERIFIED,
  /** The restore task failed. */
  RESTORE_FAILED,
  /** The restored guest did not boot: no guest agent (VM), or not running with a network (CT). */
  NO_BOOT,
  /** The guest booted but its application probe failed. */
  PROBE_FAILED,
  /** The staging cluster (or its worker) could not be reached, or is not ready. */
  STAGING_UNAVAILABLE,
  /** The PVE API refused or failed a call. */
  API_ERROR,
  /** The test passed, but destroying the restored guest failed: it is still on the staging cluster. */
  CLEANUP_FAILED,
  /** The run was cancelled before the guest's test finished. */
  CANCELLED
}
