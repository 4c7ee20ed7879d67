package dev.edgerunbooks.workflows.evidence;

/**
 * The day's file as written.
 *
 * @param sha256 hex SHA-256 of the file's bytes: what the next day's file links to
 * @param fleetRoot hex Merkle root over the collected stores' roots
 * @param retention {@code object-lock COMPLIANCE until <instant>}, or why there is none (the bucket
 *     has no Object Lock, as with S3Proxy); the file says the same
 * @param driftKey the drift report against the previous day ({@code audit/edge/drift/<date>.json});
 *     null on the first day
 * @param changedStores how many stores differ from the previous day
 */
public record EvidenceDay(
    String key,
    String sha256,
    String fleetRoot,
    String previousKey,
    String retention,
    String driftKey,
    int changedStores) {}
