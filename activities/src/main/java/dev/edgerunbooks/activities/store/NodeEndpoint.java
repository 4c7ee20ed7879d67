package dev.edgerunbooks.activities.store;

import java.net.URI;
import java.util.Objects;

/**
 * One PVE node of a store's cluster.
 *
 * @param endpoint the node's API root, e.g. {@code https://10.1.2.11:8006} ({@code /api2/json} is
 *     appended by the client)
 * @param fingerprint SHA-256 fingerprint of the node's leaf certificate, {@code AA:BB:…}
 */
public record NodeEndpoint(String name, URI endpoint, String fingerprint) {
  public NodeEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
