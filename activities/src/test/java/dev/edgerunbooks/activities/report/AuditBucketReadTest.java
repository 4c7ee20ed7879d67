package dev.edgerunbooks.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Reading, listing and writing text in the audit bucket, with the same failure mapping as putJson. */
class AuditBucketReadTest extends S3ProxyFixture {

  @Test
  void textIsStoredAsExactUtf8BytesWithItsContentType() {
    String markdown = "# Trend — ✅ 12m\n| a | b |\n";

    String key = bucket.putText("reports/t/trend.md", markdown, AuditBucket.MARKDOWN);

    assertThat(key).isEqualTo("reports/t/trend.md");
    assertThat(contentType(key)).startsWith("text/markdown");
    assertThat(bucket.getBytes(key)).hasValueSatisfying(
        b -> assertThat(b).isEqualTo(markdown.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void putBytesWritesExactlyTheBytesGiven() {
    byte[] body = {0, 1, 2, (byte) 0xff, '\n'};
    bucket.putBytes("reports/b.bin", body, "application/octet-stream");
    assertThat(bytes("reports/b.bin")).isEqualTo(body);
    assertThat(bucket.toJson("k", Map.of("a", 1))).isEqualTo(bucket.toJson("k", Map.of("a", 1)));
  }

  @Test
  void anAbsentKeyReadsAsEmpty() throws IOException {
    assertThat(bucket.getBytes("reports/none.json")).isEmpty();
    assertThat(bucket.getJson("reports/none.json", JsonNode.class)).isEmpty();
  }

  @Test
  void jsonReadsBackAndMalformedJsonIsAnIoErrorForTheCallerToHandle() throws IOException {
    bucket.putJson("reports/a.json", Map.of("week", "2026-W48"));
    assertThat(bucket.getJson("reports/a.json", JsonNode.class))
        .hasValueSatisfying(n -> assertThat(n.get("week").asText()).isEqualTo("2026-W48"));

    bucket.putText("reports/bad.json", "{not json", AuditBucket.JSON);
    assertThatThrownBy(() -> bucket.getJson("reports/bad.json", JsonNode.class)).isInstanceOf(IOException.class);
  }

  @Test
  void listingReturnsEveryKeyUnderThePrefixAcrossPages() {
    for (String k : List.of("r/x/3.json", "r/x/1.json", "r/x/sub/2.json", "r/y/9.json", "r/x/0.json", "r/x/4.json")) {
      bucket.putText(k, "{}", AuditBucket.JSON);
    }

    assertThat(bucket.listKeys("r/x/", 2))
        .containsExactly("r/x/0.json", "r/x/1.json", "r/x/3.json", "r/x/4.json", "r/x/sub/2.json");
    assertThat(bucket.listKeys("r/x/")).hasSize(5);
    assertThat(bucket.listKeys("r/none/")).isEmpty();
  }

  @Test
  void readingOrListingAMissingBucketIsANonRetryableConfigurationError() {
    AuditBucket missing = new AuditBucket(s3, "no-such-audit-bucket");

    for (ThrowingCall call : List.<ThrowingCall>of(
        () -> missing.getBytes("reports/x.json"),
        () -> missing.listKeys("reports/"),
        () -> missing.putText("reports/x.md", "x", AuditBucket.MARKDOWN))) {
      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, call::run);
      assertThat(failure).isNotNull();
      assertThat(failure.getType()).isEqualTo(AuditBucket.MISSING);
      assertThat(failure.isNonRetryable()).isTrue();
    }
  }

  @Test
  void readingOrListingAnUnreachableBucketIsRetryable() throws Exception {
    try (S3Client unreachable = unreachableClient()) {
      AuditBucket down = new AuditBucket(unreachable, BUCKET);
      for (ThrowingCall call : List.<ThrowingCall>of(
          () -> down.getBytes("reports/x.json"),
          () -> down.listKeys("reports/"),
          () -> down.putBytes("reports/x.sig", new byte[1], AuditBucket.JSON))) {
        ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, call::run);
        assertThat(failure).isNotNull();
        assertThat(failure.getType()).isEqualTo(AuditBucket.UNAVAILABLE);
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getOriginalMessage()).contains(BUCKET);
      }
    }
  }

  interface ThrowingCall {
    void run() throws Exception;
  }
}
