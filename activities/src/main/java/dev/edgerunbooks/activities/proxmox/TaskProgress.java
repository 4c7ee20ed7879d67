package dev.edgerunbooks.activities.proxmox;

/**
 * What task polling reports on every poll; in an activity it becomes the heartbeat details, so a
 * retried attempt can find the task it was waiting for.
 *
 * @param status {@code running}, {@code stopped}, or {@code unknown} after a failed poll
 */
public record TaskProgress(String upid, String status, int polls, long elapsedMillis) {}
