package dev.edgerunbooks.runbooks.drdrill;

import dev.edgerunbooks.runbooks.SourceLocation;
import java.util.Objects;

/**
 * The Ceph pool restores go to; its RBD storage has the same name.
 *
 * @param size replicas per object, each on a different node
 * @param minSize replicas that must be up for I/O
 * @param location the {@code ceph.pool} mapping
 */
public record CephPoolDefinition(String name, int size, int minSize, int pgNum, SourceLocation location) {
  public CephPoolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
  }
}
