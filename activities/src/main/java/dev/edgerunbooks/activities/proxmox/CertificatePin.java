package dev.edgerunbooks.activities.proxmox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A pinned SHA-256 fingerprint of a leaf certificate's DER, as Proxmox shows it ({@code AA:BB:…}).
 * Accepts lower case and missing colons so a pin pasted from {@code openssl} works too.
 *
 * @param hex the 64 lower-case hex digits
 */
public record CertificatePin(String hex) {
  public CertificatePin {
    if (hex == null || !hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a SHA-256 fingerprint has 32 hex bytes, got: " + hex);
    }
  }

  public static CertificatePin parse(String fingerprint) {
    if (fingerprint == null) {
      throw new IllegalArgumentException("no certificate fingerprint to pin");
    }
    return new CertificatePin(fingerprint.strip().replace(":", "").toLowerCase(Locale.ROOT));
  }

  public static CertificatePin of(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return new CertificatePin(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate", e);
    }
  }

  /** The Proxmox notation, {@code AA:BB:…}. */
  public String display() {
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
  }

  @Override
  public String toString() {
    return display();
  }
}
