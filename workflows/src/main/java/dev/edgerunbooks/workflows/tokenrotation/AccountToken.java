package dev.edgerunbooks.workflows.tokenrotation;

import java.time.Instant;
import java.util.List;

/**
 * An account's token as the store's worker uses it now.
 *
 * @param tokenId the full id of the token in use, {@code user@realm!name}
 * @param expire when it expires; null when it never does
 * @param otherTokens the account's other tokens (full ids), e.g. left by a run that stopped halfway
 */
public record AccountToken(ApiAccount account, String tokenId, Instant expire, List<String> otherTokens) {
  public AccountToken {
    otherTokens = List.copyOf(otherTokens);
  }
}
