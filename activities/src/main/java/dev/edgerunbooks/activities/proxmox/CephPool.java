package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code GET /nodes/{node}/ceph/pool}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CephPool(
    @JsonProperty("pool_name") String poolName,
    Integer pool,
    Integer size,
    @JsonProperty("min_size") Integer minSize,
    @JsonProperty("pg_num") Integer pgNum,
    @JsonProperty("crush_rule_name") String crushRuleName) {}
