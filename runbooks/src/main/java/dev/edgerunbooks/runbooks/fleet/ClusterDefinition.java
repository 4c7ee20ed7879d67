package dev.edgerunbooks.runbooks.fleet;

import java.util.List;
import java.util.Optional;

/** A Proxmox VE cluster: a store's own, or a region's staging cluster for restore tests and DR drills. */
public record ClusterDefinition(List<NodeDefinition> nodes) {
  public ClusterDefinition {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a cluster has at least one node");
    }
  }

  public Optional<NodeDefinition> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
