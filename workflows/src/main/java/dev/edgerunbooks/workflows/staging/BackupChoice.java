package dev.edgerunbooks.workflows.staging;

import java.time.Instant;

/**
 * The backup a restore would use: the newest verified one, or why there is none.
 *
 * @param volid the PVE volume id of the backup on the staging cluster, e.g. {@code
 *     pbs-store-0001:backup/vm/101/2026-11-24T00:00:12Z}; null when {@code state} is MISSING
 * @param state VERIFIED when a verified backup was found; otherwise the state of the newest backup
 * @param newestTime the time of the newest backup of any state (null when there is none), so an
 *     unverified newest backup is reported with its age
 */
public record BackupChoice(
    String volid, Instant backupTime, long sizeBytes, BackupState state, Instant newestTime) {
  public boolean usable() {
    return state == BackupState.VERIFIED && volid != null;
  }
}
