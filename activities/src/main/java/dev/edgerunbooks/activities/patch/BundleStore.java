package dev.edgerunbooks.activities.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.BundleVersion;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where CI publishes signed bundles: {@code bundles/<version>/manifest.json} and its detached
 * signature {@code bundles/<version>/manifest.json.sig} in an S3 bucket. The bytes are kept exactly
 * as signed: the signature and the manifest's SHA-256 are over them, not over a re-serialisation.
 */
public final class BundleStore {
  private final AuditBucket bucket;

  public BundleStore(AuditBucket bucket) {
    this.bucket = bucket;
  }

  /** The bundle bucket {@code bucket} on {@code s3}, named in messages as such. */
  public BundleStore(S3Client s3, String bucket) {
    this(new AuditBucket(s3, bucket, "bundle bucket", "edge.patch.bundle-bucket"));
  }

  public static String manifestKey(String version) {
    return "bundles/" + version + "/manifest.json";
  }

  public static String signatureKey(String version) {
    return manifestKey(version) + ".sig";
  }

  public Optional<byte[]> manifest(String version) {
    return bucket.getBytes(manifestKey(version));
  }

  public Optional<byte[]> signature(String version) {
    return bucket.getBytes(signatureKey(version));
  }

  /**
   * Publishes a manifest as CI does: the bytes as given, then their signature by {@code key}. The
   * version is the manifest's own {@code version}.
   *
   * @return the manifest's key
   * @throws IllegalArgumentException when the manifest is not JSON with a valid {@code version}
   */
  public String publish(byte[] manifest, ReportSigner key) {
    String version;
    try {
      JsonNode root = bucket.json().readTree(manifest);
      version = root == null ? null : root.path("version").asText(null);
    } catch (IOException e) {
      throw new IllegalArgumentException("the manifest is not JSON: " + e.getMessage(), e);
    }
    if (!BundleVersion.isValid(version)) {
      throw new IllegalArgumentException("the manifest's version '" + version + "' is not a bundle version (" + BundleVersion.FORMAT + ")");
    }
    String key1 = bucket.putBytes(manifestKey(version), manifest, AuditBucket.JSON);
    bucket.putBytes(signatureKey(version), BundleSigning.signatureFile(manifest, key), "text/plain; charset=us-ascii");
    return key1;
  }

  static ApplicationFailure rejected(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.BUNDLE_REJECTED);
  }
}
