package dev.edgerunbooks.workflows.drdrill;

import java.util.List;

/**
 * @param network the Ceph public network, CIDR
 * @param pool the pool (and RBD storage) name restores go to
 * @param osdDevices the disks to turn into OSDs on every node
 */
public record CephPlan(
    String network, String pool, int size, int minSize, int pgNum, List<String> osdDevices) {
  public CephPlan {
    osdDevices = List.copyOf(osdDevices);
  }
}
