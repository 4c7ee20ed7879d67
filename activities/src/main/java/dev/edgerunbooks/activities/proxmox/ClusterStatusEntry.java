package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of {@code GET /cluster/status}: the cluster itself ({@code type=cluster}: quorate,
 * nodes, version) or a node ({@code type=node}: nodeid, ip, online, local). PVE sends 0/1 for
 * booleans; Jackson reads them as booleans.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterStatusEntry(
    String type,
    String id,
    String name,
    Boolean quorate,
    Integer nodes,
    Integer version,
    Integer nodeid,
    String ip,
    Boolean online,
    Boolean local,
    String level) {}
