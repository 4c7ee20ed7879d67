package dev.edgerunbooks.activities.proxmox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** A MockWebServer over HTTPS with its own self-signed certificate, as a Proxmox node serves. */
public final class TlsServer implements AutoCloseable {
  public final MockWebServer server = new MockWebServer();
  public final HeldCertificate certificate;

  public TlsServer(String name) throws IOException {
    certificate = new HeldCertificate.Builder().commonName(name).addSubjectAlternativeName(name).ecdsa256().build();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  public URI endpoint() {
    return URI.create("https://127.0.0.1:" + server.getPort());
  }

  /** The pin in Proxmox notation, AA:BB:… */
  public String fingerprint() {
    return CertificatePin.of(certificate.certificate()).display();
  }

  public void enqueue(int code, String body) {
    server.enqueue(json(code, body));
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** A port on which nothing listens: connecting is refused. */
  public static URI refusingEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return URI.create("https://127.0.0.1:" + socket.getLocalPort());
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
