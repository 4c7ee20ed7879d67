package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One interface of a node's network configuration ({@code GET /nodes/{node}/network}). The list
 * shows pending changes too: {@code active} tells whether the running system has the interface.
 *
 * @param type {@code bridge}, {@code eth}, {@code bond}, {@code vlan}, …
 * @param bridgePorts the ports of a bridge, space separated; null or empty for a bridge with none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkInterface(
    String iface,
    String type,
    Boolean active,
    Boolean autostart,
    @JsonProperty("bridge_ports") String bridgePorts,
    @JsonProperty("bridge_vlan_aware") Boolean bridgeVlanAware,
    String address,
    String netmask,
    String cidr,
    String gateway,
    String address6,
    String cidr6,
    String gateway6,
    String method,
    String comments) {

  /** A bridge with no port: nothing on it reaches a physical network. */
  public boolean hasNoPorts() {
    return bridgePorts == null || bridgePorts.isBlank() || bridgePorts.strip().equals("none");
  }

  /** A gateway (v4 or v6) would route traffic off the bridge. */
  public boolean hasGateway() {
    return (gateway != null && !gateway.isBlank()) || (gateway6 != null && !gateway6.isBlank());
  }
}
