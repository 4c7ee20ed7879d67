package dev.edgerunbooks.activities.vault;

import dev.edgerunbooks.activities.proxmox.CachedPins;
import dev.edgerunbooks.activities.proxmox.CertificatePin;
import dev.edgerunbooks.activities.proxmox.CertificatePins;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's pins from Vault ({@code <prefix>/stores/<store>/nodes/<node>/pins}: {@code current}, and
 * {@code next} while a new certificate is being deployed), else the fleet definition's fingerprint;
 * kept for the cache TTL and read afresh when a node serves a certificate none of them matches.
 */
public final class VaultPins implements PinSource {
  private final VaultKv vault;
  private final Duration cacheTtl;

  public VaultPins(VaultKv vault, Duration cacheTtl) {
    this.vault = vault;
    this.cacheTtl = cacheTtl;
  }

  @Override
  public CertificatePins forNode(String storeId, NodeEndpoint node) {
    return new CachedPins(() -> read(vault, storeId, node), cacheTtl);
  }

  /** The node's pins now: Vault's entry, else the fleet definition's fingerprint. */
  public static Set<CertificatePin> read(VaultKv vault, String storeId, NodeEndpoint node) {
    Set<CertificatePin> pins = new LinkedHashSet<>();
    String path = vault.paths().pins(storeId, node.name());
    Optional<Map<String, String>> entry = vault.read(path);
    entry.ifPresent(e -> {
      add(pins, e.get(VaultPaths.CURRENT), path);
      add(pins, e.get(VaultPaths.NEXT), path);
    });
    if (pins.isEmpty()) {
      pins.add(CertificatePin.parse(node.fingerprint()));
    }
    return pins;
  }

  private static void add(Set<CertificatePin> pins, String fingerprint, String path) {
    if (fingerprint == null || fingerprint.isBlank()) {
      return;
    }
    try {
      pins.add(CertificatePin.parse(fingerprint));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Vault entry " + path + " holds a malformed fingerprint: write SHA-256 fingerprints as AA:BB:…",
          FailureTypes.TLS_PIN_MISMATCH);
    }
  }

  @Override
  public String toString() {
    return "VaultPins[" + vault + "]";
  }
}
