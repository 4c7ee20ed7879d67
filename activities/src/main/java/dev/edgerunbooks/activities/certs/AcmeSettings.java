package dev.edgerunbooks.activities.certs;

import dev.edgerunbooks.activities.tls.Pem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The fleet's ACME CA.
 *
 * @param directory the CA's directory URL, e.g. {@code https://acme-v02.api.letsencrypt.org/directory}
 * @param caPem the CA certificates (PEM) the directory's TLS certificate is checked against (a private
 *     CA such as step-ca, pebble's test certificate); null for the JDK's trust store
 * @param challenge {@code http-01} or {@code dns-01}
 * @param contact the account's contact e-mail; null for none
 * @param validationTimeout how long a challenge's validation, and then the order's issuance, may take
 * @param pollInterval how often the CA is asked how far it is, unless it says when to ask again
 */
public record AcmeSettings(
    URI directory, String caPem, String challenge, String contact, Duration validationTimeout, Duration pollInterval) {
  public static final String HTTP_01 = "http-01";
  public static final String DNS_01 = "dns-01";

  public AcmeSettings {
    Objects.requireNonNull(directory, "directory");
    if (!HTTP_01.equals(challenge) && !DNS_01.equals(challenge)) {
      throw new IllegalArgumentException("the ACME challenge is " + HTTP_01 + " or " + DNS_01 + ", not " + challenge);
    }
    validationTimeout = validationTimeout == null ? Duration.ofMinutes(5) : validationTimeout;
    pollInterval = pollInterval == null ? Duration.ofSeconds(3) : pollInterval;
  }

  public static AcmeSettings of(URI directory, String challenge) {
    return new AcmeSettings(directory, null, challenge, null, null, null);
  }

  /** The directory's TLS trusted from these CA certificates (PEM). */
  public AcmeSettings withCaPem(String pem) {
    return new AcmeSettings(directory, pem, challenge, contact, validationTimeout, pollInterval);
  }

  /** The directory's TLS trusted from the CA certificates of a PEM file. */
  public AcmeSettings withCaFile(Path pemFile) {
    return withCaPem(Pem.read(pemFile, "the ACME CA file"));
  }

  public AcmeSettings withContact(String email) {
    return new AcmeSettings(directory, caPem, challenge, email, validationTimeout, pollInterval);
  }

  public AcmeSettings withTimeouts(Duration validation, Duration poll) {
    return new AcmeSettings(directory, caPem, challenge, contact, validation, poll);
  }
}
