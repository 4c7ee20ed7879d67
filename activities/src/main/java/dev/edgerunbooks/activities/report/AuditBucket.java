package dev.edgerunbooks.activities.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.temporal.failure.ApplicationFailure;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The audit bucket: where runbooks put their reports as JSON. A put of the same key with the same
 * content is harmless, so a retried write never does harm.
 */
public final class AuditBucket {
  /** Stable failure type for an audit bucket that is down or refuses the write (retryable). */
  public static final String UNAVAILABLE = "AuditBucketUnavailable";
  /** The bucket does not exist: a configuration error (not retryable). */
  public static final String MISSING = "AuditBucketMissing";

  private final S3Client s3;
  private final String bucket;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public AuditBucket(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public ObjectMapper json() {
    return json;
  }

  /** Writes {@code value} as JSON at {@code key}; returns the key. */
  public String putJson(String key, Object value) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + key + " as JSON", e);
    }
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json").build(),
          RequestBody.fromBytes(body));
      return key;
    } catch (NoSuchBucketException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "audit bucket '" + bucket + "' does not exist: create it or set edge.audit.bucket", MISSING);
    } catch (S3Exception e) {
      throw ApplicationFailure.newFailure(
          "audit bucket '" + bucket + "' refused " + key + ": " + e.awsErrorDetails().errorMessage(),
          UNAVAILABLE);
    } catch (SdkClientException e) {
      throw ApplicationFailure.newFailure(
          "audit bucket '" + bucket + "' is unreachable while writing " + key + ": " + e.getMessage(),
          UNAVAILABLE);
    } catch (SdkException e) {
      throw ApplicationFailure.newFailure(
          "audit bucket '" + bucket + "' failed writing " + key + ": " + e.getMessage(), UNAVAILABLE);
    }
  }
}
