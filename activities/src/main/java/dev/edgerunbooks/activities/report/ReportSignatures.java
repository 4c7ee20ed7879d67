package dev.edgerunbooks.activities.report;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Detached signatures of reports in the audit bucket: a {@link ReportSignature} over the exact bytes
 * of a report's JSON, stored beside it. A signature already there that verifies over those bytes
 * with this key is kept, so a retried write does not sign again.
 */
public final class ReportSignatures {
  private final AuditBucket bucket;
  private final ReportSigner signer;

  public ReportSignatures(AuditBucket bucket, ReportSigner signer) {
    this.bucket = bucket;
    this.signer = signer;
  }

  /**
   * Writes {@code json} at {@code key} and its signature at {@code signatureKey}; returns the JSON's
   * SHA-256 in hex.
   */
  public String putSigned(String key, byte[] json, String signatureKey) {
    String sha256 = ReportSigner.sha256Hex(json);
    bucket.putBytes(key, json, AuditBucket.JSON);
    if (!alreadySigned(signatureKey, json)) {
      bucket.putJson(signatureKey, new ReportSignature(
          ReportSigner.ALGORITHM,
          ReportSigner.CURVE,
          signer.keyId(),
          signer.publicKeyPem(),
          key,
          sha256,
          Base64.getEncoder().encodeToString(signer.sign(json))));
    }
    return sha256;
  }

  /**
   * Writes a report: {@code report} as JSON at {@code key} with its signature at {@code key.sig}, and
   * the Markdown the function makes of the JSON's SHA-256 at {@code markdownKey}, closed by a section
   * saying where the signature is. Returns {@code key}.
   */
  public String putReport(String key, Object report, String markdownKey, Function<String, String> markdown) {
    byte[] json = bucket.toJson(key, report);
    String sha256 = putSigned(key, json, key + ".sig");
    bucket.putText(markdownKey, markdown.apply(sha256) + "\n## Signature\n\n" + describe(key, key + ".sig", sha256),
        AuditBucket.MARKDOWN);
    return key;
  }

  /** The closing sentence of a report's Markdown: where its signature is and by which key. */
  public String describe(String key, String signatureKey, String sha256) {
    return "`" + signatureKey + "` holds a " + ReportSigner.ALGORITHM + " (" + ReportSigner.CURVE
        + ") signature over the exact bytes of `" + key + "` (SHA-256 `" + sha256 + "`), by key `" + signer.keyId() + "`.\n";
  }

  private boolean alreadySigned(String key, byte[] json) {
    Optional<ReportSignature> existing;
    try {
      existing = bucket.getJson(key, ReportSignature.class);
    } catch (IOException e) {
      return false;
    }
    if (existing.isEmpty() || !signer.keyId().equals(existing.get().keyId()) || existing.get().signature() == null) {
      return false;
    }
    try {
      return signer.verify(json, Base64.getDecoder().decode(existing.get().signature()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
