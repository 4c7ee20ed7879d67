package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One firewall rule ({@code GET /cluster/firewall/rules}, {@code GET
 * /nodes/{node}/{qemu|lxc}/{vmid}/firewall/rules}), the fields of the PVE schema.
 *
 * @param type {@code in}, {@code out}, {@code forward} or {@code group}
 * @param action {@code ACCEPT}, {@code DROP}, {@code REJECT}, or a security group's name
 * @param pos the rule's position in its rule set
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FirewallRule(
    int pos,
    String type,
    String action,
    Integer enable,
    String macro,
    String iface,
    String source,
    String dest,
    String proto,
    String sport,
    String dport,
    @JsonProperty("icmp-type") String icmpType,
    Integer ipversion,
    String log,
    String comment) {}
