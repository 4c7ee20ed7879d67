package dev.edgerunbooks.activities.proxmox;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one leaf certificate, by SHA-256 fingerprint, the way Proxmox's own client does.
 * Extends {@link X509ExtendedTrustManager} so the JDK does not wrap it with a hostname check: nodes
 * serve a certificate for their own name, and we reach them by address.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {
  private final CertificatePin pin;

  public PinnedTrustManager(CertificatePin pin) {
    this.pin = pin;
  }

  /** The served certificate is not the pinned one; carries both fingerprints for the error. */
  public static final class PinMismatchException extends CertificateException {
    private final CertificatePin expected;
    private final CertificatePin served;

    PinMismatchException(CertificatePin expected, CertificatePin served) {
      super("server certificate SHA-256 " + served.display() + " is not the pinned " + expected.display());
      this.expected = expected;
      this.served = served;
    }

    public CertificatePin expected() {
      return expected;
    }

    public CertificatePin served() {
      return served;
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("server sent no certificate");
    }
    CertificatePin served = CertificatePin.of(chain[0]);
    if (!served.equals(pin)) {
      throw new PinMismatchException(pin, served);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  // we are only ever a client: refuse to authenticate anybody's client certificate
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("client certificates are not accepted");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("client certificates are not accepted");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("client certificates are not accepted");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
