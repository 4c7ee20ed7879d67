package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.activities.report.ReportSigner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signatures of bundle manifests: ECDSA over P-256 with SHA-256 ({@value ReportSigner#ALGORITHM}),
 * DER-encoded, stored base64 in {@code manifest.json.sig} beside the manifest. The keys are handled as
 * the report signer's are (PKCS#8 PEM private key in CI, X.509 PEM public key pinned by the workers);
 * a key is named by its fingerprint, the hex SHA-256 of its DER public key.
 */
public final class BundleSigning {
  private BundleSigning() {}

  /** The base64 DER signature over exactly {@code manifest}. */
  public static String sign(byte[] manifest, ReportSigner key) {
    return Base64.getEncoder().encodeToString(key.sign(manifest));
  }

  /** The text of a {@code .sig} file for {@code manifest}: the signature and a newline. */
  public static byte[] signatureFile(byte[] manifest, ReportSigner key) {
    return (sign(manifest, key) + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Whether {@code signature} (base64 DER, surrounding white space ignored) is the pinned key's
   * signature over exactly {@code manifest}; false for anything malformed.
   */
  public static boolean verify(byte[] manifest, byte[] signature, String pinnedPublicKeyPem) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(new String(signature, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return ReportSigner.verify(pinnedPublicKeyPem, manifest, der);
  }

  /** The key's fingerprint: hex SHA-256 of its DER encoding. */
  public static String fingerprint(String publicKeyPem) {
    return ReportSigner.keyIdOf(publicKeyPem);
  }
}
