package dev.edgerunbooks.runbooks.fleet;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Proxmox API token id, {@code user@realm!tokenid}; the secret lives in Vault, never here. */
public record ApiTokenId(String user, String realm, String token) {
  // Token names follow PVE's pve-tokenid format: a letter, then letters, digits, '.', '-', '_'.
  static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9._-]+)@([A-Za-z0-9._-]+)!([A-Za-z][A-Za-z0-9._-]*)");
  static final String FIX = "write user@realm!tokenid, e.g. edgerun@pve!runbooks";

  /** @throws IllegalArgumentException when {@code text} is not {@code user@realm!tokenid} */
  public static ApiTokenId parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not an API token id");
    }
    return new ApiTokenId(m.group(1), m.group(2), m.group(3));
  }

  /** As the APIs want it, e.g. in {@code Authorization: PVEAPIToken=<value>=<secret>}. */
  public String value() {
    return user + "@" + realm + "!" + token;
  }

  @Override
  public String toString() {
    return value();
  }
}
