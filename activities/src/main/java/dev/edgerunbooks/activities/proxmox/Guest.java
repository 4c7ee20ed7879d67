package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A VM or container of the cluster.
 *
 * @param type {@code qemu} or {@code lxc}
 * @param status {@code running} or {@code stopped}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Guest(
    int vmid,
    String name,
    String type,
    String node,
    String status,
    String lock,
    Boolean template,
    Long uptime,
    Long maxmem,
    Long maxdisk,
    String tags) {

  Guest on(String nodeName, String guestType) {
    return new Guest(vmid, name, guestType, nodeName, status, lock, template, uptime, maxmem, maxdisk, tags);
  }

  static Guest of(ClusterResource r) {
    return new Guest(r.vmid(), r.name(), r.type(), r.node(), r.status(), r.lock(), r.template(), r.uptime(),
        r.maxmem(), r.maxdisk(), r.tags());
  }
}
