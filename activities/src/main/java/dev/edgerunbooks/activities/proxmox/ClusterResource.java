package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of {@code GET /cluster/resources}. Guests ({@code type} qemu/lxc) fill vmid..uptime,
 * storages fill storage..maxdisk.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterResource(
    String id,
    String type,
    String node,
    String status,
    Integer vmid,
    String name,
    String hastate,
    String lock,
    Boolean template,
    Long mem,
    Long maxmem,
    Double cpu,
    Long uptime,
    String tags,
    String storage,
    String plugintype,
    Boolean shared,
    String content,
    Long disk,
    Long maxdisk) {

  public boolean guest() {
    return "qemu".equals(type) || "lxc".equals(type);
  }
}
