package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of {@code GET /nodes/{node}/ceph/mon}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CephMonitor(String name, String host, String addr, String state, Boolean quorum, Integer rank) {}
