package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /nodes/{node}/{qemu|lxc}/{vmid}/firewall/options}, the fields of the PVE schema; null
 * where PVE's default applies. PVE sends 0/1 for the booleans.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuestFirewallOptions(
    Boolean enable,
    Boolean dhcp,
    Boolean ipfilter,
    Boolean macfilter,
    Boolean ndp,
    Boolean radv,
    @JsonProperty("log_level_in") String logLevelIn,
    @JsonProperty("log_level_out") String logLevelOut,
    @JsonProperty("policy_in") String policyIn,
    @JsonProperty("policy_out") String policyOut) {}
