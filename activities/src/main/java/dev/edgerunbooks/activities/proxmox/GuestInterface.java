package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One network interface inside a running container ({@code GET /nodes/{node}/lxc/{vmid}/interfaces}).
 *
 * @param inet the IPv4 address with prefix, e.g. {@code 10.0.0.5/24}; null when it has none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuestInterface(String name, String hwaddr, String inet, String inet6) {

  public boolean hasAddress() {
    return (inet != null && !inet.isBlank()) || (inet6 != null && !inet6.isBlank());
  }
}
