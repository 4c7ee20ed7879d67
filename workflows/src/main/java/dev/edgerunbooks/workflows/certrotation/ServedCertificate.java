package dev.edgerunbooks.workflows.certrotation;

import java.time.Duration;
import java.time.Instant;

/**
 * The certificate a node's API proxy serves ({@code pveproxy-ssl.pem} when a custom one is
 * installed, else {@code pve-ssl.pem}), as {@code /nodes/{node}/certificates/info} reports it.
 *
 * @param fingerprint SHA-256 of the leaf, {@code AA:BB:…}
 * @param custom whether it is a custom ({@code pveproxy-ssl.pem}) certificate
 * @param restorable whether it could be put back if its successor fails: the node's own default,
 *     or a custom one whose key Vault holds
 */
public record ServedCertificate(
    String node,
    String fingerprint,
    String subject,
    String issuer,
    Instant notBefore,
    Instant notAfter,
    boolean custom,
    boolean restorable) {

  public Duration age(Instant now) {
    return Duration.between(notBefore, now);
  }

  public Duration left(Instant now) {
    return Duration.between(now, notAfter);
  }
}
