package dev.edgerunbooks.activities.proxmox;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Trusts exactly the pinned leaf certificates, by SHA-256 fingerprint, the way Proxmox's own client
 * does. The pins are looked up at each handshake ({@link CertificatePins}): a served certificate
 * that matches none of them is checked once more against pins read afresh before it is refused.
 * No hostname check ({@link ServerTrustManager}).
 */
public final class PinnedTrustManager extends ServerTrustManager {
  private final CertificatePins pins;

  public PinnedTrustManager(CertificatePin pin) {
    this(CertificatePins.fixed(pin));
  }

  public PinnedTrustManager(CertificatePins pins) {
    this.pins = pins;
  }

  /** The served certificate is none of the pinned ones; carries the fingerprints for the error. */
  public static final class PinMismatchException extends CertificateException {
    private final List<CertificatePin> expected;
    private final CertificatePin served;

    PinMismatchException(Set<CertificatePin> expected, CertificatePin served) {
      super("server certificate SHA-256 " + served.display() + " is not the pinned " + ApiFailures.either(expected));
      this.expected = expected.stream().sorted((a, b) -> a.hex().compareTo(b.hex())).toList();
      this.served = served;
    }

    /** The pins, in a stable order. */
    public List<CertificatePin> expected() {
      return expected;
    }

    public CertificatePin served() {
      return served;
    }
  }

  /** The pins could not be looked up: the handshake fails with the pin store's failure. */
  public static final class PinsUnavailableException extends CertificateException {
    PinsUnavailableException(RuntimeException cause) {
      super("the pinned fingerprints could not be read", cause);
    }
  }

  @Override
  void checkServer(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("server sent no certificate");
    }
    CertificatePin served = CertificatePin.of(chain[0]);
    if (lookup(pins::pins).contains(served)) {
      return;
    }
    Set<CertificatePin> fresh = lookup(pins::refresh);
    if (!fresh.contains(served)) {
      throw new PinMismatchException(fresh, served);
    }
  }

  private static Set<CertificatePin> lookup(Supplier<Set<CertificatePin>> read) throws PinsUnavailableException {
    try {
      return read.get();
    } catch (RuntimeException e) {
      throw new PinsUnavailableException(e);
    }
  }
}
