package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * An API token of a user ({@code GET /access/users/{userid}/token}): PVE lists the token's name, PBS
 * its full id; {@link #fullId} gives {@code user@realm!name} either way. Never its secret.
 *
 * @param expire epoch seconds; 0 or null for never
 * @param privsep PVE: whether it has its own ACL (PBS tokens always have)
 * @param enable PBS: false when disabled
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiToken(String tokenid, String comment, Long expire, Boolean privsep, Boolean enable) {

  /** {@code user@realm!name}. */
  public String fullId(String userid) {
    return tokenid.contains("!") ? tokenid : userid + "!" + tokenid;
  }

  /** When it expires; null for never. */
  public Instant expiry() {
    return expire == null || expire == 0 ? null : Instant.ofEpochSecond(expire);
  }

  /** Whether it can still authenticate at {@code now}: enabled and not expired. */
  public boolean validAt(Instant now) {
    Instant expiry = expiry();
    return !Boolean.FALSE.equals(enable) && (expiry == null || expiry.isAfter(now));
  }

  /** The user of a full token id, {@code user@realm} of {@code user@realm!name}. */
  public static String userOf(String fullTokenId) {
    int bang = fullTokenId.indexOf('!');
    if (bang <= 0) {
      throw new IllegalArgumentException("not a full token id (user@realm!name): " + fullTokenId);
    }
    return fullTokenId.substring(0, bang);
  }

  /** The name of a full token id, {@code name} of {@code user@realm!name}. */
  public static String nameOf(String fullTokenId) {
    return fullTokenId.substring(fullTokenId.indexOf('!') + 1);
  }
}
