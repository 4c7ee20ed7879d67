package dev.edgerunbooks.workflows.backupverify;

import java.time.Instant;

/**
 * The offsite copy of a store's backups: the PBS sync job that pushes them to an S3-backed datastore.
 *
 * @param jobId the sync job, null when the store has none
 * @param lastRunState PBS's state of the last run ({@code ok} or the error), null when it never ran
 * @param lastRunEnd when the last run ended, null when it never ran
 */
public record OffsiteCopy(String jobId, String lastRunState, Instant lastRunEnd) {}
