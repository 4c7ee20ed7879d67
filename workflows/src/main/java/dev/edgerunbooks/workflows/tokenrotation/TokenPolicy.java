package dev.edgerunbooks.workflows.tokenrotation;

import java.time.Duration;
import java.util.Objects;

/**
 * How API tokens are rotated, from {@code runbooks/rotation.yaml}.
 *
 * @param lifetime a new token's expiry, from its creation (default 90 days)
 * @param renewBefore rotate a token that expires within this, or has no expiry (default 30 days:
 *     with a 90-day lifetime a token is rotated every 60 days)
 * @param grace how long the old token keeps working after the new one is in Vault, so every
 *     worker has read the new one before the old is deleted
 * @param concurrency how many stores rotate at once
 */
public record TokenPolicy(Duration lifetime, Duration renewBefore, Duration grace, int concurrency) {
  public TokenPolicy {
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(renewBefore, "renewBefore");
    Objects.requireNonNull(grace, "grace");
  }
}
