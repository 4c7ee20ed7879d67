package dev.edgerunbooks.activities.proxmox;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * One pinned HTTPS connection pool to one API endpoint. Holds no secret, so it is built once per
 * endpoint and shared by every client built for that endpoint. Building one reads nothing: the pins
 * are looked up at the first handshake.
 *
 * @param label what to call the endpoint in messages, e.g. {@code PVE node pve1}
 * @param endpoint the endpoint as configured, e.g. {@code https://10.1.2.11:8006}
 * @param pins the fingerprints trusted for the endpoint
 */
public record ApiConnection(String label, URI endpoint, CertificatePins pins, HttpClient http) {

  /** Pinned to one fingerprint that never changes. */
  public static ApiConnection open(String label, URI endpoint, String fingerprint, Duration connectTimeout) {
    return open(label, endpoint, CertificatePins.fixed(CertificatePin.parse(fingerprint)), connectTimeout);
  }

  public static ApiConnection open(String label, URI endpoint, CertificatePins pins, Duration connectTimeout) {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new PinnedTrustManager(pins)}, null);
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(tls)
              .connectTimeout(connectTimeout)
              // pveproxy and the PBS proxy speak HTTP/1.1
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      return new ApiConnection(label, endpoint, pins, http);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for " + label + " at " + endpoint, e);
    }
  }

  /** The API root: the endpoint plus {@code /api2/json}. */
  URI apiRoot() {
    String base = endpoint.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base.endsWith("/api2/json") ? base : base + "/api2/json");
  }
}
