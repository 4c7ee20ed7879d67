package dev.edgerunbooks.activities.proxmox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * What an endpoint serves in a TLS handshake: its leaf certificate's fingerprint, taken with no trust
 * decision (the handshake only looks; nothing is sent over it). A fresh TLS context each time, so no
 * session is resumed and the certificate is always the one served now.
 */
public final class ServedLeaf {
  private ServedLeaf() {}

  /**
   * @param endpoint {@code https://host:port}
   * @throws IOException when no handshake could be made (refused, timed out, not TLS)
   */
  public static CertificatePin fingerprint(URI endpoint, Duration timeout) throws IOException {
    AtomicReference<X509Certificate> leaf = new AtomicReference<>();
    SSLContext tls;
    try {
      tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new Recording(leaf)}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS to look at " + endpoint, e);
    }
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : 443;
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(endpoint.getHost(), port), millis);
      plain.setSoTimeout(millis);
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, endpoint.getHost(), port, false)) {
        socket.startHandshake();
      }
    }
    if (leaf.get() == null) {
      throw new IOException(endpoint + " completed a handshake without a certificate");
    }
    return CertificatePin.of(leaf.get());
  }

  /** Accepts any server certificate and keeps its leaf. */
  private static final class Recording extends ServerTrustManager {
    private final AtomicReference<X509Certificate> leaf;

    Recording(AtomicReference<X509Certificate> leaf) {
      this.leaf = leaf;
    }

    @Override
    void checkServer(X509Certificate[] chain) {
      if (chain != null && chain.length > 0) {
        leaf.set(chain[0]);
      }
    }
  }
}
