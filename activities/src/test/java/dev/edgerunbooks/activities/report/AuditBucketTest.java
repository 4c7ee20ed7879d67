package dev.edgerunbooks.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyReport;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyReports;
import dev.edgerunbooks.workflows.backupverify.FailureKind;
import dev.edgerunbooks.workflows.backupverify.StoreRow;
import dev.edgerunbooks.workflows.backupverify.StoreVerdict;
import dev.edgerunbooks.workflows.backupverify.VerifyFailure;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The audit bucket against a real S3 API (S3Proxy on a temporary folder). */
class AuditBucketTest {
  static final String IDENTITY = "audit-test";
  static final String SECRET = "audit-test-secret";
  static final String BUCKET = "edge-audit";

  @TempDir Path dataDir;
  S3Proxy proxy;
  S3Client s3;

  @BeforeEach
  void start() throws Exception {
    FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(dataDir.toString());
    store.createContainer(BUCKET);
    proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, SECRET)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    s3 = client(URI.create("http://127.0.0.1:" + proxy.getPort()));
  }

  @AfterEach
  void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
  }

  static S3Client client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, SECRET)))
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(1))
            .socketTimeout(Duration.ofSeconds(2))
            .build())
        .overrideConfiguration(o -> o
            .apiCallTimeout(Duration.ofSeconds(2))
            .apiCallAttemptTimeout(Duration.ofSeconds(2))
            .retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  static final Instant STARTED = Instant.parse("2026-03-01T23:30:05Z");
  static final Instant FINISHED = Instant.parse("2026-03-02T00:12:41.250Z");

  static BackupVerifyReport report(String runId) {
    return new BackupVerifyReport(
        "backup-verify-nightly",
        runId,
        "schedule:nightly",
        STARTED,
        FINISHED,
        2,
        1,
        1,
        0,
        List.of(
            new StoreRow("store-0001", StoreVerdict.PASSED, 3, 3, Duration.ofHours(20).plusMinutes(15),
                "reports/backup-verify/2026-03-01/" + runId + "/store-0001.json"),
            new StoreRow("store-0002", StoreVerdict.FAILED, 3, 2, Duration.ofHours(27).plusMinutes(30),
                "reports/backup-verify/2026-03-01/" + runId + "/store-0002.json")),
        List.of(new VerifyFailure("store-0002", 100, "pos", FailureKind.RPO_EXCEEDED,
            "newest backup is 27h30m old, target 26h")));
  }

  @Test
  void aRunReportLandsUnderItsDateAndRunIdAsReadableJson() throws Exception {
    String runId = "0f1e2d3c-run";
    BackupVerifyReport report = report(runId);
    BackupVerifyReportActivitiesImpl activities = new BackupVerifyReportActivitiesImpl(new AuditBucket(s3, BUCKET));

    String key = activities.writeReport(BackupVerifyReports.runPrefix(STARTED, runId), report);

    assertThat(key).isEqualTo("reports/backup-verify/2026-03-01/0f1e2d3c-run.json");
    ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
    assertThat(stored.response().contentType()).startsWith("application/json");
    AuditBucket bucket = new AuditBucket(s3, BUCKET);
    JsonNode json = bucket.json().readTree(stored.asByteArray());
    // what an auditor reads: ISO-8601 text, not epoch numbers
    assertThat(json.get("startedAt").isTextual()).isTrue();
    assertThat(json.get("startedAt").asText()).isEqualTo("2026-03-01T23:30:05Z");
    assertThat(json.get("finishedAt").asText()).isEqualTo("2026-03-02T00:12:41.250Z");
    assertThat(json.get("storeResults").get(1).get("worstRpo").isTextual()).isTrue();
    assertThat(json.get("storeResults").get(1).get("worstRpo").asText()).isEqualTo("PT27H30M");
    assertThat(json.get("storeResults").get(1).get("verdict").asText()).isEqualTo("FAILED");
    assertThat(json.get("failures").get(0).get("kind").asText()).isEqualTo("RPO_EXCEEDED");
    // and it reads back as the same report
    assertThat(bucket.json().readValue(stored.asByteArray(), BackupVerifyReport.class)).isEqualTo(report);
  }

  @Test
  void aRetriedWriteOfTheSameReportLeavesOneIdenticalObject() {
    BackupVerifyReportActivitiesImpl activities = new BackupVerifyReportActivitiesImpl(new AuditBucket(s3, BUCKET));
    String prefix = BackupVerifyReports.runPrefix(STARTED, "run-2");

    String first = activities.writeReport(prefix, report("run-2"));
    byte[] before = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(first)).asByteArray();
    String second = activities.writeReport(prefix, report("run-2"));

    assertThat(second).isEqualTo(first);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(second)).asByteArray()).isEqualTo(before);
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("reports/")).contents()).hasSize(1);
  }

  @Test
  void aMissingBucketIsANonRetryableConfigurationError() {
    AuditBucket bucket = new AuditBucket(s3, "no-such-audit-bucket");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> bucket.putJson("reports/x.json", report("run-3")));

    assertThat(failure).isNotNull();
    assertThat(failure.getType()).isEqualTo(AuditBucket.MISSING);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("no-such-audit-bucket");
  }

  @Test
  void anUnreachableEndpointIsARetryableUnavailableFailure() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (S3Client unreachable = client(closed)) {
      AuditBucket bucket = new AuditBucket(unreachable, BUCKET);

      long started = System.nanoTime();
      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
          () -> bucket.putJson("reports/x.json", report("run-4")));

      assertThat(failure).isNotNull();
      assertThat(failure.getType()).isEqualTo(AuditBucket.UNAVAILABLE);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage()).contains(BUCKET).contains("reports/x.json");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aStoppedAuditServerIsARetryableUnavailableFailure() throws Exception {
    AuditBucket bucket = new AuditBucket(s3, BUCKET);
    proxy.stop();
    proxy = null;

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> bucket.putJson("reports/y.json", report("run-5")));

    assertThat(failure).isNotNull();
    assertThat(failure.getType()).isEqualTo(AuditBucket.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
  }
}
