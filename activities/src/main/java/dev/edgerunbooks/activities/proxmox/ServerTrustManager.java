package dev.edgerunbooks.activities.proxmox;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager for a client that decides on the server's chain alone. Extends {@link
 * X509ExtendedTrustManager} so the JDK does not wrap it with a hostname check: nodes serve a
 * certificate for their own name, and we reach them by address. Refuses to authenticate anybody's
 * client certificate: we are only ever a client.
 */
abstract class ServerTrustManager extends X509ExtendedTrustManager {
  /** Decides on the server's chain, leaf first. */
  abstract void checkServer(X509Certificate[] chain) throws CertificateException;

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkServer(chain);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkServer(chain);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkServer(chain);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("client certificates are not accepted");
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("client certificates are not accepted");
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("client certificates are not accepted");
  }

  @Override
  public final X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
