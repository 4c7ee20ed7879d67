package dev.edgerunbooks.workflows.tokenrotation;

import java.time.Instant;

/**
 * @param why why it was due, in words; null when it was not
 * @param previousTokenId the token in use before the run
 * @param tokenId the token in use after the run
 * @param expire when the token in use after the run expires; null for never
 * @param detail the reason for a failure, and tokens other than the one in use that still work
 */
public record AccountRotation(
    ApiAccount account,
    TokenOutcome outcome,
    String why,
    String previousTokenId,
    String tokenId,
    Instant expire,
    String detail) {}
