package dev.edgerunbooks.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.workflows.evidence.EvidenceDay;
import dev.edgerunbooks.workflows.evidence.StoreRoot;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A bucket with S3 Object Lock (S3Proxy has none: its answers about Object Lock are stubbed here,
 * everything else goes to S3Proxy).
 */
class EvidenceObjectLockTest extends EvidenceDays {
  S3Client locking;
  final List<PutObjectRequest> lockedPuts = new CopyOnWriteArrayList<>();

  @BeforeEach
  @SuppressWarnings("unchecked")
  void lockingBucket() {
    locking = mock(S3Client.class, AdditionalAnswers.delegatesTo(s3));
    doReturn(GetObjectLockConfigurationResponse.builder()
            .objectLockConfiguration(c -> c.objectLockEnabled(ObjectLockEnabled.ENABLED)).build())
        .when(locking).getObjectLockConfiguration(any(Consumer.class));
    reports = new EvidenceReportActivitiesImpl(new AuditBucket(locking, BUCKET), signer);
  }

  EvidenceDay firstDay() {
    StoreRoot root = reports.storeItems("2026-11-24", snapshot("store-0001", "2026-11-24", 2048));
    return reports.writeDay(input(plan("2026-11-24", null, List.of("store-0001"), true), List.of(root), List.of()));
  }

  @Test
  void theDaysFileIsWrittenInComplianceModeForTheRetention() {
    doAnswer(call -> {
      PutObjectRequest request = call.getArgument(0);
      lockedPuts.add(request);
      // S3Proxy cannot lock: store the bytes without the lock headers
      return s3.putObject(request.toBuilder().objectLockMode((String) null).objectLockRetainUntilDate(null).build(),
          (RequestBody) call.getArgument(1));
    }).when(locking).putObject(argThat((PutObjectRequest r) -> r != null && r.objectLockMode() != null), any(RequestBody.class));

    EvidenceDay day = firstDay();

    Instant until = Instant.parse("2026-11-24T01:07:00Z").plus(EvidenceReportActivitiesImpl.DEFAULT_RETENTION);
    assertThat(day.retention()).isEqualTo("object-lock COMPLIANCE until " + until);
    assertThat(EvidenceHashes.parse(bytes(day.key())).path("retention").asText()).isEqualTo(day.retention());
    assertThat(lockedPuts).hasSize(1);
    assertThat(lockedPuts.get(0).key()).isEqualTo("audit/edge/2026-11-24.json");
    assertThat(lockedPuts.get(0).objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(lockedPuts.get(0).objectLockRetainUntilDate()).isEqualTo(until);
  }

  @Test
  void aBucketThatRefusesTheLockGetsTheFileWithoutAndTheFileSaysWhy() {
    doAnswer(call -> {
      throw S3Exception.builder().statusCode(400)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidRequest")
              .errorMessage("Bucket is missing Object Lock Configuration").build())
          .build();
    }).when(locking).putObject(argThat((PutObjectRequest r) -> r != null && r.objectLockMode() != null), any(RequestBody.class));

    EvidenceDay day = firstDay();

    assertThat(day.retention()).isEqualTo("none: the bucket has no S3 Object Lock (PutObject with Object Lock answered"
        + " 400 InvalidRequest: Bucket is missing Object Lock Configuration)");
    assertThat(EvidenceHashes.parse(bytes(day.key())).path("retention").asText()).isEqualTo(day.retention());
    assertThat(new EvidenceChainVerifier(bucket).verify("2026-11-24", "2026-11-24", signer.keyId()).ok()).isTrue();
  }
}
