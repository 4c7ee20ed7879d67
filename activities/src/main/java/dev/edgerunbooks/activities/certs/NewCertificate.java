package dev.edgerunbooks.activities.certs;

import dev.edgerunbooks.activities.proxmox.CertificatePin;
import dev.edgerunbooks.activities.tls.Pem;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.IssuedCertificate;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A certificate with its private key, as an issuer gives it and Vault keeps it. Holds the key: it
 * never leaves the activity, and {@link #toString()} does not show it.
 *
 * @param chainPem the chain, leaf first
 * @param keyPem the private key, PKCS#8 PEM
 * @param fingerprint SHA-256 of the leaf, {@code AA:BB:…}
 * @param serial the leaf's serial number in hex, {@code 1f:0a:…} as Vault and openssl show it
 */
public record NewCertificate(
    String chainPem, String keyPem, String fingerprint, String serial, Instant notBefore, Instant notAfter, CertIssuer issuer) {

  public static NewCertificate of(List<X509Certificate> chain, PrivateKey key, CertIssuer issuer) {
    return of(Pem.encode(chain), Pem.encode(key), issuer);
  }

  /** From PEM as kept in Vault; the figures are read from the leaf. */
  public static NewCertificate of(String chainPem, String keyPem, CertIssuer issuer) {
    X509Certificate leaf = Pem.leaf(chainPem, "the certificate");
    return new NewCertificate(
        chainPem,
        keyPem,
        CertificatePin.of(leaf).display(),
        serial(leaf),
        leaf.getNotBefore().toInstant(),
        leaf.getNotAfter().toInstant(),
        issuer);
  }

  private static String serial(X509Certificate leaf) {
    String hex = leaf.getSerialNumber().toString(16);
    return HexFormat.ofDelimiter(":").formatHex(HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : "0" + hex));
  }

  /** What the workflow may see of it: no key. */
  public IssuedCertificate issued(String node) {
    return new IssuedCertificate(node, fingerprint, serial, notBefore, notAfter, issuer);
  }

  @Override
  public String toString() {
    return "NewCertificate[" + fingerprint + ", serial " + serial + ", " + notBefore + " to " + notAfter + ", " + issuer + ", key ****]";
  }
}
