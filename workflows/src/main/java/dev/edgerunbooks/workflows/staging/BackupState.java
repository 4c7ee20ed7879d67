package dev.edgerunbooks.workflows.staging;

/** What PBS says about the newest backup of a guest. */
public enum BackupState {
  /** Verified as ok by PBS. */
  VERIFIED,
  /** Never verified. */
  UNVERIFIED,
  /** Verification failed: the backup is corrupt. */
  VERIFY_FAILED,
  /** The guest has no backup at all. */
  MISSING
}
