package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of {@code GET /cluster/ceph/flags}; PVE sends {@code value} as 0/1. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CephFlag(String name, String description, Boolean value) {
  public boolean set() {
    return Boolean.TRUE.equals(value);
  }
}
