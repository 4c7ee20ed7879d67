package dev.edgerunbooks.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.workflows.drdrill.DrillGuestResult;
import dev.edgerunbooks.workflows.drdrill.DrillPhase;
import dev.edgerunbooks.workflows.drdrill.DrillReportKeys;
import dev.edgerunbooks.workflows.drdrill.DrillVerdict;
import dev.edgerunbooks.workflows.drdrill.PhaseTiming;
import dev.edgerunbooks.workflows.drdrill.StoreDrillReport;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The signed DR drill report in the audit bucket: JSON, Markdown and a detached signature. */
class DrDrillReportActivitiesImplTest extends S3ProxyFixture {
  static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

  ReportSigner signer;

  @BeforeEach
  void signer() {
    signer = ReportSigner.loadOrCreate(dataDir.resolve("signing/report-key.pem"));
  }

  static PhaseTiming phase(DrillPhase phase, int startMin, int minutes, Integer targetMin, String failure) {
    Duration target = targetMin == null ? null : Duration.ofMinutes(targetMin);
    Duration took = Duration.ofMinutes(minutes);
    return new PhaseTiming(phase, START.plus(Duration.ofMinutes(startMin)),
        START.plus(Duration.ofMinutes(startMin + minutes)), took, target,
        target == null || took.compareTo(target) <= 0, failure);
  }

  static DrillGuestResult guest(int position, int vmid, String name, String role, boolean passed, String failure,
      Duration rpo, int readyMin) {
    return new DrillGuestResult(position, vmid, name, role, "qemu", passed, failure,
        START.minus(rpo), rpo, Duration.ofMinutes(6), passed ? Duration.ofSeconds(75) : null,
        passed ? Duration.ofSeconds(4) : null, Duration.ofMinutes(readyMin));
  }

  static StoreDrillReport passed(String runId) {
    return new StoreDrillReport("dr-drill/2026-12-01/store-0001", runId, "store-0001", "eu-west", "alice",
        START, START.plus(Duration.ofMinutes(95)), DrillVerdict.PASSED, null,
        List.of(phase(DrillPhase.PROVISION, 0, 20, 30, null),
            phase(DrillPhase.CLUSTER, 20, 5, null, null),
            phase(DrillPhase.CEPH, 25, 15, 20, null),
            phase(DrillPhase.STORAGE, 40, 1, null, null),
            phase(DrillPhase.RESTORE, 41, 44, 60, null),
            phase(DrillPhase.TEARDOWN, 85, 10, null, null)),
        Duration.ofMinutes(85), Duration.ofHours(2), true,
        Duration.ofHours(20).plusMinutes(15), Duration.ofHours(26), true,
        List.of(guest(1, 101, "db", "database", true, null, Duration.ofHours(20).plusMinutes(15), 55),
            guest(2, 100, "pos", "pos", true, null, Duration.ofHours(19), 70),
            guest(3, 102, "web|front", "web", true, null, Duration.ofHours(18), 85)),
        true);
  }

  static StoreDrillReport failed(String runId) {
    return new StoreDrillReport("dr-drill/2026-12-01/store-0002", runId, "store-0002", "eu-west", "schedule:quarterly",
        START, START.plus(Duration.ofMinutes(150)), DrillVerdict.FAILED, "guest 100 (pos) did not boot",
        List.of(phase(DrillPhase.PROVISION, 0, 40, 30, null),
            phase(DrillPhase.CLUSTER, 40, 5, null, null),
            phase(DrillPhase.CEPH, 45, 15, 20, null),
            phase(DrillPhase.STORAGE, 60, 1, null, null),
            phase(DrillPhase.RESTORE, 61, 70, 60, "guest 100 did not boot in 10m"),
            phase(DrillPhase.TEARDOWN, 131, 19, null, "storage pbs-store-0002 is still in use")),
        null, Duration.ofHours(2), false,
        Duration.ofHours(30), Duration.ofHours(26), false,
        List.of(guest(1, 101, "db", "database", true, null, Duration.ofHours(30), 80),
            guest(2, 100, "pos", "pos", false, "no guest agent after 10m", Duration.ofHours(20), 131)),
        false);
  }

  DrDrillReportActivitiesImpl activities() {
    return new DrDrillReportActivitiesImpl(bucket, signer);
  }

  @Test
  void theReportLandsAsJsonMarkdownAndAVerifyingSignatureUnderItsDate() throws Exception {
    StoreDrillReport report = passed("run-7f3a");

    DrillReportKeys keys = activities().writeReport(report);

    String base = "reports/dr-drill/2026-12-01/store-0001-run-7f3a";
    assertThat(keys).isEqualTo(new DrillReportKeys(base + ".json", base + ".md", base + ".json.sig"));
    assertThat(bucket.listKeys("reports/")).containsExactlyInAnyOrder(keys.json(), keys.markdown(), keys.signature());
    assertThat(contentType(keys.json())).startsWith("application/json");
    assertThat(contentType(keys.markdown())).startsWith("text/markdown");

    byte[] json = bytes(keys.json());
    assertThat(bucket.json().readValue(json, StoreDrillReport.class)).isEqualTo(report);
    JsonNode tree = bucket.json().readTree(json);
    assertThat(tree.get("rto").asText()).isEqualTo("PT1H25M");
    assertThat(tree.get("startedAt").asText()).isEqualTo("2026-12-01T08:00:00Z");
    assertThat(tree.get("phases").get(0).get("took").asText()).isEqualTo("PT20M");

    ReportSignature sig = bucket.json().readValue(bytes(keys.signature()), ReportSignature.class);
    assertThat(sig.algorithm()).isEqualTo("SHA256withECDSA");
    assertThat(sig.curve()).isEqualTo("P-256");
    assertThat(sig.keyId()).isEqualTo(signer.keyId());
    assertThat(sig.publicKey()).isEqualTo(signer.publicKeyPem());
    assertThat(sig.signed()).isEqualTo(keys.json());
    assertThat(sig.sha256()).isEqualTo(ReportSigner.sha256Hex(json));
    byte[] signature = Base64.getDecoder().decode(sig.signature());
    // an auditor needs only the three things in the bucket: the JSON, the signature and its public key
    assertThat(ReportSigner.verify(sig.publicKey(), json, signature)).isTrue();
    byte[] tampered = json.clone();
    tampered[json.length / 2] ^= 1;
    assertThat(ReportSigner.verify(sig.publicKey(), tampered, signature)).isFalse();
    byte[] reformatted = bucket.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(tree);
    assertThat(ReportSigner.verify(sig.publicKey(), reformatted, signature)).isFalse();

    String md = text(keys.markdown());
    assertThat(md).startsWith("# DR drill: store-0001 — PASSED\n");
    assertThat(md).contains("| RTO | 1h 25m (target 2h) met |");
    assertThat(md).contains("| Worst RPO | 20h 15m (target 1d 2h) met |");
    assertThat(md).contains("| Teardown | complete");
    assertThat(md).contains("| PROVISION | 2026-12-01 08:00:00 UTC | 2026-12-01 08:20:00 UTC | 20m | 30m | yes |  |");
    assertThat(md).contains("| **Total (RTO)** | | | **1h 25m** | 2h | yes | |");
    assertThat(md).contains("| 1 | 101 | db | 2026-11-30 11:45:00 UTC | 20h 15m | 1d 2h | yes |");
    assertThat(md).contains("| 1 | 101 | db | database | qemu | 6m | 1m 15s | 4s | 55m | pass |");
    assertThat(md).contains("| 3 | 102 | web\\|front | web |");
    assertThat(md.indexOf("| 1 | 101 | db | database")).isLessThan(md.indexOf("| 2 | 100 | pos | pos"));
    assertThat(md).contains("## Failures and missed targets\n\nNone.");
    assertThat(md).contains(signer.keyId()).contains(ReportSigner.sha256Hex(json));
  }

  @Test
  void aFailedDrillSaysWhatFailedAndWhichTargetsWereMissed() {
    DrillReportKeys keys = activities().writeReport(failed("run-9"));

    String md = text(keys.markdown());
    assertThat(md).startsWith("# DR drill: store-0002 — FAILED\n");
    assertThat(md).contains("> **Failure:** guest 100 (pos) did not boot");
    assertThat(md).contains("| RTO | – (target 2h) |");
    assertThat(md).contains("| Worst RPO | 1d 6h (target 1d 2h) **missed** |");
    assertThat(md).contains("| Teardown | **INCOMPLETE**");
    assertThat(md).contains("| PROVISION | 2026-12-01 08:00:00 UTC | 2026-12-01 08:40:00 UTC | 40m | 30m | **no** |  |");
    assertThat(md).contains("| 2 | 100 | pos | pos | qemu | 6m | – | – | 2h 11m | **FAIL** no guest agent after 10m |");
    assertThat(md).contains("| 1 | 101 | db | 2026-11-30 02:00:00 UTC | 1d 6h | 1d 2h | **no** |");
    List<String> problems = new ArrayList<>();
    md.lines().filter(l -> l.startsWith("- ")).forEach(problems::add);
    assertThat(problems).containsExactly(
        "- Drill: guest 100 (pos) did not boot",
        "- Phase PROVISION took 40m, target 30m",
        "- Phase RESTORE failed: guest 100 did not boot in 10m",
        "- Phase TEARDOWN failed: storage pbs-store-0002 is still in use",
        "- Guest 101 (db) RPO 1d 6h, target 1d 2h",
        "- Guest 100 (pos) failed: no guest agent after 10m",
        "- Teardown incomplete: the staging cluster still holds restored guests or the backup storage");
  }

  @Test
  void aRetryWritesTheSameBytesAndKeepsTheSignatureThatVerifies() {
    DrDrillReportActivitiesImpl activities = activities();
    DrillReportKeys first = activities.writeReport(passed("run-r"));
    byte[] json = bytes(first.json());
    byte[] md = bytes(first.markdown());
    byte[] sig = bytes(first.signature());

    DrillReportKeys second = activities.writeReport(passed("run-r"));

    assertThat(second).isEqualTo(first);
    assertThat(bytes(second.json())).isEqualTo(json);
    assertThat(bytes(second.markdown())).isEqualTo(md);
    assertThat(bytes(second.signature())).isEqualTo(sig);
    assertThat(bucket.listKeys("reports/")).hasSize(3);
  }

  @Test
  void aSignatureThatNoLongerMatchesIsReplaced() throws Exception {
    DrDrillReportActivitiesImpl activities = activities();
    DrillReportKeys keys = activities.writeReport(passed("run-s"));
    bucket.putText(keys.signature(), "{\"keyId\": \"" + signer.keyId() + "\", \"signature\": \"AAAA\"}", AuditBucket.JSON);

    activities.writeReport(passed("run-s"));

    ReportSignature sig = bucket.json().readValue(bytes(keys.signature()), ReportSignature.class);
    assertThat(ReportSigner.verify(sig.publicKey(), bytes(keys.json()), Base64.getDecoder().decode(sig.signature()))).isTrue();
  }

  @Test
  void aStoreIdThatWouldChangeTheLayoutIsANonRetryableReportError() {
    StoreDrillReport good = passed("run-x");
    StoreDrillReport bad = new StoreDrillReport(good.workflowId(), good.runId(), "../store", good.region(),
        good.requestedBy(), good.startedAt(), good.finishedAt(), good.verdict(), good.failure(), good.phases(),
        good.rto(), good.rtoTarget(), good.rtoMet(), good.worstRpo(), good.rpoTarget(), good.rpoMet(),
        good.guests(), good.tornDown());

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> activities().writeReport(bad));

    assertThat(failure).isNotNull();
    assertThat(failure.getType()).isEqualTo(ReportText.REPORT_INVALID);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void anUnreachableBucketIsTheRetryableUnavailableFailure() throws Exception {
    try (S3Client unreachable = unreachableClient()) {
      DrDrillReportActivitiesImpl activities = new DrDrillReportActivitiesImpl(new AuditBucket(unreachable, BUCKET), signer);

      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
          () -> activities.writeReport(passed("run-u")));

      assertThat(failure).isNotNull();
      assertThat(failure.getType()).isEqualTo(AuditBucket.UNAVAILABLE);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage()).contains("reports/dr-drill/2026-12-01/store-0001-run-u.json");
    }
  }
}
