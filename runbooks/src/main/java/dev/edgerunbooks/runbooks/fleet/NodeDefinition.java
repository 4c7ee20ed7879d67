package dev.edgerunbooks.runbooks.fleet;

import java.net.URI;
import java.util.Objects;

/**
 * A Proxmox VE node: its API endpoint and the SHA-256 fingerprint of its leaf certificate, which the
 * clients pin instead of checking host names (upper case, colon separated, as PVE shows it).
 */
public record NodeDefinition(String name, URI endpoint, String fingerprint) {
  public NodeDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
