package dev.edgerunbooks.activities.certrotation;

import dev.edgerunbooks.activities.certs.CertificateRequest;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a store's worker renews its nodes' certificates.
 *
 * @param domain the nodes' DNS names are {@code <node>.<store>.<domain>} (the lab's: {@code lab})
 * @param servedTimeout how long {@code servedFingerprint} waits for a node to serve the expected
 *     certificate (pveproxy restarts after an upload)
 * @param servedPollInterval how often it looks meanwhile
 * @param handshakeTimeout one look: connecting and the TLS handshake
 * @param pendingReuse a pending certificate younger than this is deployed rather than a new one
 *     issued (a retried or resumed run); an older one is replaced
 */
public record StoreCertSettings(
    String domain, Duration servedTimeout, Duration servedPollInterval, Duration handshakeTimeout, Duration pendingReuse) {
  public StoreCertSettings {
    Objects.requireNonNull(domain, "domain");
  }

  public static StoreCertSettings defaults(String domain) {
    return new StoreCertSettings(domain, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofDays(1));
  }

  public StoreCertSettings withServedTimeout(Duration timeout, Duration interval) {
    return new StoreCertSettings(domain, timeout, interval, handshakeTimeout, pendingReuse);
  }

  /**
   * The names a node's certificate is for: {@code <node>.<store>.<domain>}, and the host of its API
   * endpoint (an IP address, or another DNS name), as the node's own certificate has them.
   */
  public CertificateRequest request(String storeId, NodeEndpoint node) {
    String name = node.name() + "." + storeId + "." + domain;
    List<String> dns = new ArrayList<>(List.of(name));
    List<String> ips = new ArrayList<>();
    String host = node.endpoint().getHost();
    if (host != null && (host.matches("[0-9.]+") || host.startsWith("["))) {
      ips.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } else if (host != null && !host.equalsIgnoreCase(name)) {
      dns.add(host);
    }
    return new CertificateRequest(storeId, node.name(), name, dns, ips);
  }
}
