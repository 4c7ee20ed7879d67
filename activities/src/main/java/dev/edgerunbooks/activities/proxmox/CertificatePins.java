package dev.edgerunbooks.activities.proxmox;

import java.util.Set;

/**
 * The fingerprints a client trusts for one endpoint, looked up when a handshake needs them rather
 * than fixed when the client is built: a node being given a new certificate is trusted with the old
 * one and the new one, and after the switch with the new one only. {@link PinnedTrustManager} asks
 * {@link #pins()} first and, when the served certificate matches none, {@link #refresh()} once before
 * it refuses, so a promoted pin is trusted at once and a removed one refused at once.
 *
 * <p>A lookup that fails throws (an {@code ApplicationFailure} of the pin store, e.g. Vault
 * unavailable); the handshake then fails with that failure rather than a pin mismatch.
 */
public interface CertificatePins {
  /** The pins as last read; may be cached. Never empty. */
  Set<CertificatePin> pins();

  /** The pins read afresh (and cached for {@link #pins()}). Never empty. */
  Set<CertificatePin> refresh();

  /** One pin that never changes: a fingerprint of the fleet definition. */
  static CertificatePins fixed(CertificatePin pin) {
    Set<CertificatePin> pins = Set.of(pin);
    return new CertificatePins() {
      @Override
      public Set<CertificatePin> pins() {
        return pins;
      }

      @Override
      public Set<CertificatePin> refresh() {
        return pins;
      }

      @Override
      public String toString() {
        return pin.display();
      }
    };
  }
}
