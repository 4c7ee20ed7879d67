package dev.edgerunbooks.runbooks.drdrill;

import java.util.List;
import java.util.Objects;

/**
 * @param network the Ceph public network, CIDR
 * @param osdDevices the disks turned into OSDs on every staging node
 */
public record CephDefinition(String network, CephPoolDefinition pool, List<String> osdDevices) {
  public CephDefinition {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(pool, "pool");
    osdDevices = List.copyOf(osdDevices);
  }
}
