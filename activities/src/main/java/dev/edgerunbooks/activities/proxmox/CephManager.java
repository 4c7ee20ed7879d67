package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of {@code GET /nodes/{node}/ceph/mgr}.
 *
 * @param state {@code active}, {@code standby}, {@code stopped}…
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CephManager(String name, String host, String addr, String state) {}
