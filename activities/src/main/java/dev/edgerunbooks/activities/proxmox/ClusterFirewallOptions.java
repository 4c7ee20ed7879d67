package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /cluster/firewall/options}, the fields of the PVE schema; null where PVE's default applies. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterFirewallOptions(
    Integer enable,
    Boolean ebtables,
    @JsonProperty("log_ratelimit") String logRatelimit,
    @JsonProperty("policy_in") String policyIn,
    @JsonProperty("policy_out") String policyOut,
    @JsonProperty("policy_forward") String policyForward) {}
