package dev.edgerunbooks.activities.certrotation;

import dev.edgerunbooks.activities.certs.NewCertificate;
import dev.edgerunbooks.activities.proxmox.CertificatePin;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.vault.VaultKv;
import dev.edgerunbooks.activities.vault.VaultPaths;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A store's node certificates and pins in Vault: {@code nodes/<node>/certificate} (deployed and
 * proven), {@code certificate-pending} (issued, not yet proven) and {@code pins}. An operator may
 * write a certificate entry by hand with only {@code certificate} and {@code key} (to make a custom
 * certificate restorable): the fingerprint is read from the certificate.
 */
final class NodeCertificates {
  /** A node's pins: what it serves, and while a new certificate is deployed, that one's. */
  record Pins(String current, String next) {}

  private final VaultKv vault;
  private final VaultPaths paths;

  NodeCertificates(VaultKv vault) {
    this.vault = vault;
    this.paths = vault.paths();
  }

  Optional<NewCertificate> pending(String storeId, String node) {
    return read(paths.pendingCertificate(storeId, node));
  }

  Optional<NewCertificate> current(String storeId, String node) {
    return read(paths.certificate(storeId, node));
  }

  void writePending(String storeId, String node, NewCertificate c) {
    vault.write(paths.pendingCertificate(storeId, node), entry(c));
  }

  void deletePending(String storeId, String node) {
    vault.delete(paths.pendingCertificate(storeId, node));
  }

  /** The entry becomes {@code c}, its earlier versions (and keys) gone. */
  void replaceCurrent(String storeId, String node, NewCertificate c) {
    String path = paths.certificate(storeId, node);
    vault.delete(path);
    vault.write(path, entry(c));
  }

  /** The node's pins: Vault's entry, else the fleet definition's fingerprint as the current one. */
  Pins pins(String storeId, NodeEndpoint node) {
    Optional<Map<String, String>> entry = vault.read(paths.pins(storeId, node.name()));
    String current = entry.map(e -> e.get(VaultPaths.CURRENT)).filter(s -> !s.isBlank()).orElse(null);
    String next = entry.map(e -> e.get(VaultPaths.NEXT)).filter(s -> !s.isBlank()).orElse(null);
    return new Pins(
        display(current != null ? current : node.fingerprint()),
        next == null ? null : display(next));
  }

  void writePins(String storeId, String node, Pins pins) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put(VaultPaths.CURRENT, pins.current());
    if (pins.next() != null) {
      entry.put(VaultPaths.NEXT, pins.next());
    }
    vault.write(paths.pins(storeId, node), entry);
  }

  /** {@code AA:BB:…}, however it was written. */
  static String display(String fingerprint) {
    return CertificatePin.parse(fingerprint).display();
  }

  private Optional<NewCertificate> read(String path) {
    return vault.read(path).flatMap(e -> {
      String chain = e.get(VaultPaths.CERTIFICATE);
      String key = e.get(VaultPaths.KEY);
      if (chain == null || key == null) {
        return Optional.empty();
      }
      try {
        String issuer = e.get(VaultPaths.ISSUER);
        return Optional.of(NewCertificate.of(chain, key, issuer == null ? null : CertIssuer.valueOf(issuer)));
      } catch (IllegalArgumentException unreadable) {
        // an entry we cannot read counts as none: it cannot be deployed or put back
        return Optional.empty();
      }
    });
  }

  private static Map<String, String> entry(NewCertificate c) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put(VaultPaths.CERTIFICATE, c.chainPem());
    entry.put(VaultPaths.KEY, c.keyPem());
    entry.put(VaultPaths.FINGERPRINT, c.fingerprint());
    if (c.issuer() != null) {
      entry.put(VaultPaths.ISSUER, c.issuer().name());
    }
    return entry;
  }
}
