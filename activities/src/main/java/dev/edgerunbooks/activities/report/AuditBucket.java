package dev.edgerunbooks.activities.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The audit bucket: where runbooks put their reports as JSON. A put of the same key with the same
 * content is harmless, so a retried write never does harm.
 *
 * <p>Every call maps its failures the same way: a bucket that does not exist is {@link #MISSING}
 * (non-retryable, a configuration error); anything else the bucket or the network does is {@link
 * #UNAVAILABLE} (retryable).
 */
public final class AuditBucket {
  /** Stable failure type for an audit bucket that is down or refuses the write (retryable). */
  public static final String UNAVAILABLE = "AuditBucketUnavailable";
  /** The bucket does not exist: a configuration error (not retryable). */
  public static final String MISSING = "AuditBucketMissing";

  public static final String JSON = "application/json";
  public static final String MARKDOWN = "text/markdown; charset=utf-8";

  private final S3Client s3;
  private final String bucket;
  private final String what;
  private final String setting;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public AuditBucket(S3Client s3, String bucket) {
    this(s3, bucket, "audit bucket", "edge.audit.bucket");
  }

  /**
   * Another bucket used the same way (the bundle store), named in messages as {@code what} with the
   * {@code setting} that names it.
   */
  public AuditBucket(S3Client s3, String bucket, String what, String setting) {
    this.s3 = s3;
    this.bucket = bucket;
    this.what = what;
    this.setting = setting;
  }

  public ObjectMapper json() {
    return json;
  }

  /** The bytes {@link #putJson} writes for {@code value}: the same value gives the same bytes. */
  public byte[] toJson(String key, Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + key + " as JSON", e);
    }
  }

  /** Writes {@code value} as JSON at {@code key}; returns the key. */
  public String putJson(String key, Object value) {
    return putBytes(key, toJson(key, value), JSON);
  }

  /** Writes {@code text} as UTF-8 at {@code key} with {@code contentType}; returns the key. */
  public String putText(String key, String text, String contentType) {
    return putBytes(key, text.getBytes(StandardCharsets.UTF_8), contentType);
  }

  /** Writes exactly {@code body} at {@code key}; returns the key. */
  public String putBytes(String key, byte[] body, String contentType) {
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
          RequestBody.fromBytes(body));
      return key;
    } catch (SdkException e) {
      throw failure(e, "writing", key);
    }
  }

  /**
   * Why objects written here cannot be kept under S3 Object Lock, or empty when the bucket has Object
   * Lock enabled. A bucket without it (S3 answers 404 for its configuration; S3Proxy does not
   * implement it) is a reason, not a failure.
   */
  public Optional<String> objectLockUnavailable() {
    try {
      ObjectLockConfiguration config = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
      if (config != null && config.objectLockEnabled() == ObjectLockEnabled.ENABLED) {
        return Optional.empty();
      }
      return Optional.of("its Object Lock configuration is not enabled");
    } catch (S3Exception e) {
      if (!refusal(e)) {
        throw failure(e, "reading the Object Lock configuration of", bucket);
      }
      return Optional.of("GetObjectLockConfiguration answered " + describe(e));
    } catch (SdkException e) {
      throw failure(e, "reading the Object Lock configuration of", bucket);
    }
  }

  /**
   * Writes exactly {@code body} at {@code key} under Object Lock in COMPLIANCE mode until {@code
   * retainUntil}: nobody, root included, can delete or overwrite that version before then.
   *
   * @return empty when written; why not when the bucket refused the lock, in which case nothing was
   *     written
   */
  public Optional<String> putBytesLocked(String key, byte[] body, String contentType, Instant retainUntil) {
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
              .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil).build(),
          RequestBody.fromBytes(body));
      return Optional.empty();
    } catch (S3Exception e) {
      if (!refusal(e) || isNoSuchBucket(e)) {
        throw failure(e, "writing", key);
      }
      return Optional.of("PutObject with Object Lock answered " + describe(e));
    } catch (SdkException e) {
      throw failure(e, "writing", key);
    }
  }

  /** An answer that says the bucket does not do what was asked (rather than that it is down). */
  private static boolean refusal(S3Exception e) {
    int status = e.statusCode();
    return status == 400 || status == 403 || status == 404 || status == 405 || status == 501;
  }

  private static String describe(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
        ? e.awsErrorDetails().errorMessage()
        : e.getMessage();
    return e.statusCode() + (code == null ? "" : " " + code) + ": " + message;
  }

  /** The object at {@code key}, or empty when there is none. */
  public Optional<byte[]> getBytes(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException) && !isNoSuchBucket(e)) {
        return Optional.empty();
      }
      throw failure(e, "reading", key);
    } catch (SdkException e) {
      throw failure(e, "reading", key);
    }
  }

  /**
   * The JSON object at {@code key} read as {@code type}, or empty when there is none.
   *
   * @throws IOException when the object is there but is not JSON of that shape; the caller decides
   *     whether that is fatal or something to rebuild
   */
  public <T> Optional<T> getJson(String key, Class<T> type) throws IOException {
    Optional<byte[]> body = getBytes(key);
    if (body.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(json.readValue(body.get(), type));
  }

  /** Every key under {@code prefix}, in the bucket's (lexicographic) order, across all pages. */
  public List<String> listKeys(String prefix) {
    return listKeys(prefix, 1000);
  }

  /**
   * The keys directly under {@code prefix} (ending in {@code /}), not those in its sub-folders, in
   * the bucket's order.
   */
  public List<String> listChildren(String prefix) {
    return listKeys(prefix, "/", 1000);
  }

  List<String> listKeys(String prefix, int pageSize) {
    return listKeys(prefix, null, pageSize);
  }

  private List<String> listKeys(String prefix, String delimiter, int pageSize) {
    List<String> keys = new ArrayList<>();
    String token = null;
    try {
      do {
        ListObjectsV2Request.Builder request =
            ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter(delimiter).maxKeys(pageSize);
        if (token != null) {
          request.continuationToken(token);
        }
        ListObjectsV2Response page = s3.listObjectsV2(request.build());
        for (S3Object object : page.contents()) {
          keys.add(object.key());
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
      return keys;
    } catch (SdkException e) {
      throw failure(e, "listing", prefix);
    }
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  private ApplicationFailure failure(SdkException e, String doing, String key) {
    if (e instanceof NoSuchBucketException || (e instanceof S3Exception s && isNoSuchBucket(s))) {
      return ApplicationFailure.newNonRetryableFailure(
          what + " '" + bucket + "' does not exist: create it or set " + setting, MISSING);
    }
    if (e instanceof S3Exception s) {
      String detail = s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null
          ? s.awsErrorDetails().errorMessage()
          : s.getMessage();
      return ApplicationFailure.newFailure(
          what + " '" + bucket + "' refused " + doing + " " + key + ": " + detail, UNAVAILABLE);
    }
    if (e instanceof SdkClientException) {
      return ApplicationFailure.newFailure(
          what + " '" + bucket + "' is unreachable while " + doing + " " + key + ": " + e.getMessage(),
          UNAVAILABLE);
    }
    return ApplicationFailure.newFailure(
        what + " '" + bucket + "' failed " + doing + " " + key + ": " + e.getMessage(), UNAVAILABLE);
  }
}
