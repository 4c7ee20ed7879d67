package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A token just created: PVE answers {@code {"full-tokenid", info, value}}, PBS {@code {tokenid,
 * value}}. The secret is shown this once; {@link #toString()} hides it.
 *
 * @param tokenid {@code user@realm!name}
 * @param value the secret
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NewApiToken(@JsonAlias("full-tokenid") String tokenid, String value) {
  @Override
  public String toString() {
    return "NewApiToken[" + tokenid + ", ****]";
  }
}
