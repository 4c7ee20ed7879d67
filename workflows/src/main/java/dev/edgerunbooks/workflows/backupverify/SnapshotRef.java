package dev.edgerunbooks.workflows.backupverify;

import java.time.Instant;

/**
 * One PBS backup snapshot, named the way PBS names it.
 *
 * @param backupType {@code vm} or {@code ct}
 * @param backupId the guest's vmid as PBS keeps it
 */
public record SnapshotRef(String datastore, String backupType, String backupId, Instant backupTime) {}
