package dev.edgerunbooks.activities.certs;

import java.util.List;
import java.util.Objects;

/**
 * What a node's certificate is for.
 *
 * @param commonName {@code <node>.<store>.<domain>}
 * @param dnsNames the DNS names, the common name first
 * @param ipAddresses IP addresses (the node's API address); an ACME CA is asked for DNS names only
 */
public record CertificateRequest(
    String storeId, String node, String commonName, List<String> dnsNames, List<String> ipAddresses) {
  public CertificateRequest {
    Objects.requireNonNull(commonName, "commonName");
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /** Names the certificate in messages: {@code pve1.store-0001.lab (store store-0001 node pve1)}. */
  public String describe() {
    return commonName + " (store " + storeId + " node " + node + ")";
  }
}
