package dev.edgerunbooks.workflows.certrotation;

import java.time.Instant;

/**
 * One node's result.
 *
 * @param reason why it was due; null when it was not
 * @param why the reason in words, with the figures ("expires in 12 days (renew before 30 days)")
 * @param previousFingerprint what it served before the run
 * @param servedFingerprint what it serves after the run
 * @param notAfter when the certificate it serves after the run expires
 * @param outsideWindow renewed outside the store's window because the certificate would have
 *     expired before the next window opened
 * @param detail the reason for a failure, in words
 */
public record NodeRotation(
    String node,
    NodeOutcome outcome,
    RenewalReason reason,
    String why,
    String previousFingerprint,
    String servedFingerprint,
    Instant notAfter,
    boolean outsideWindow,
    String detail) {}
