package dev.edgerunbooks.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.BackupVerifyReportActivitiesImpl;
import dev.edgerunbooks.activities.report.DrDrillReportActivitiesImpl;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.report.RestoreTestReportActivitiesImpl;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyReport;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyReports;
import dev.edgerunbooks.workflows.drdrill.DrillReportKeys;
import dev.edgerunbooks.workflows.drdrill.DrillVerdict;
import dev.edgerunbooks.workflows.drdrill.StoreDrillReport;
import dev.edgerunbooks.workflows.evidence.EvidenceDay;
import dev.edgerunbooks.workflows.evidence.EvidenceDayInput;
import dev.edgerunbooks.workflows.evidence.RunSummary;
import dev.edgerunbooks.workflows.evidence.StoreRoot;
import dev.edgerunbooks.workflows.evidence.StoreSnapshot;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReport;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The day's file, the items files, the drift report and the runs of the day, on S3Proxy. */
class EvidenceReportActivitiesImplTest extends EvidenceDays {

  JsonNode json(String key) {
    return EvidenceHashes.parse(bytes(key));
  }

  @Test
  void storeItemsWritesTheItemsWithTheirHashesAndReturnsTheRoot() {
    StoreSnapshot snapshot = snapshot("store-0001", "2026-11-24", 2048);

    StoreRoot root = reports.storeItems("2026-11-24", snapshot);

    assertThat(root).isEqualTo(new StoreRoot("store-0001", root.root(), 5, "audit/edge/items/2026-11-24/store-0001.json", 1, null));
    JsonNode file = json(root.itemsKey());
    assertThat(text(root.itemsKey())).isEqualTo(EvidenceHashes.canonical(file));
    assertThat(file.path("store").asText()).isEqualTo("store-0001");
    assertThat(file.path("collectedAt").asText()).isEqualTo("2026-11-24T01:00:01Z");
    assertThat(file.path("gaps").get(0).asText()).startsWith("firewall/cluster/rules: not readable");
    JsonNode config = file.path("items").get(2);
    assertThat(config.path("id").asText()).isEqualTo("guest/101/config");
    assertThat(config.path("data").path("memory").asText()).isEqualTo("2048");
    assertThat(config.path("sha256").asText()).isEqualTo(EvidenceHashes.itemHash(snapshot.items().get(2).json()));
    assertThat(file.path("root").asText()).isEqualTo(root.root());

    // a retry writes the same and answers the same
    assertThat(reports.storeItems("2026-11-24", snapshot)).isEqualTo(root);
  }

  @Test
  void theDaysFileIsCanonicalSignedAndLinkedToTheDayBefore() {
    threeNights();

    EvidenceDay first = written.get(0);
    EvidenceDay second = written.get(1);
    assertThat(first.key()).isEqualTo("audit/edge/2026-11-24.json");
    assertThat(first.previousKey()).isNull();
    assertThat(first.driftKey()).isNull();
    assertThat(first.sha256()).isEqualTo(EvidenceHashes.sha256Hex(bytes(first.key())));

    JsonNode day = json(second.key());
    assertThat(text(second.key())).isEqualTo(EvidenceHashes.canonical(day));
    assertThat(day.path("format").asText()).isEqualTo("edge-runbooks/evidence/v1");
    assertThat(day.path("date").asText()).isEqualTo("2026-11-25");
    assertThat(day.path("partial").asBoolean()).isFalse();
    assertThat(day.path("generatedBy").path("workflowId").asText()).isEqualTo("evidence/2026-11-25");
    assertThat(day.path("generatedBy").path("requestedBy").asText()).isEqualTo("schedule:nightly-evidence");
    assertThat(day.path("startedAt").asText()).isEqualTo("2026-11-25T01:00:00Z");
    assertThat(day.path("previous").path("date").asText()).isEqualTo("2026-11-24");
    assertThat(day.path("previous").path("key").asText()).isEqualTo(first.key());
    assertThat(day.path("previous").path("sha256").asText()).isEqualTo(first.sha256());
    assertThat(day.path("fleetRoot").asText()).isEqualTo(second.fleetRoot());
    JsonNode store = day.path("stores").get(0);
    assertThat(store.path("store").asText()).isEqualTo("store-0001");
    assertThat(store.path("items").path("guest/101/config").asText())
        .isEqualTo(EvidenceHashes.itemHash("{\"cores\":\"4\",\"memory\":\"4096\",\"name\":\"pos\",\"net0\":\"virtio=BC:24:11:00:00:01,bridge=vmbr0\"}"));
    assertThat(store.path("root").asText()).isEqualTo(EvidenceHashes.storeRoot(Map.of(
        "bundle", store.path("items").path("bundle").asText(),
        "ceph/health", store.path("items").path("ceph/health").asText(),
        "guest/101/config", store.path("items").path("guest/101/config").asText(),
        "guest/102/config", store.path("items").path("guest/102/config").asText(),
        "node/pve1/version", store.path("items").path("node/pve1/version").asText())));
    assertThat(day.path("fleetRoot").asText()).isEqualTo(EvidenceHashes.fleetRoot(Map.of(
        "store-0001", store.path("root").asText(), "store-0002", day.path("stores").get(1).path("root").asText())));

    JsonNode signature = day.path("signature");
    assertThat(signature.path("algorithm").asText()).isEqualTo("SHA256withECDSA");
    assertThat(signature.path("curve").asText()).isEqualTo("P-256");
    assertThat(signature.path("keyId").asText()).isEqualTo(signer.keyId());
    assertThat(signature.path("publicKey").asText()).isEqualTo(signer.publicKeyPem());
    assertThat(ReportSigner.verify(signer.publicKeyPem(), EvidenceFiles.signedBytes(day),
        Base64.getDecoder().decode(signature.path("value").asText()))).isTrue();
  }

  @Test
  void aStoreNotCollectedIsRecordedWithItsFailureAndLeftOutOfTheFleetRoot() {
    threeNights();

    JsonNode day = json(written.get(2).key());
    JsonNode store3 = day.path("stores").get(2);
    assertThat(store3.path("store").asText()).isEqualTo("store-0003");
    assertThat(store3.path("root").isNull()).isTrue();
    assertThat(store3.path("failure").asText()).isEqualTo("store store-0003 did not answer");
    assertThat(day.path("fleet").path("stores").asInt()).isEqualTo(3);
    assertThat(day.path("fleet").path("notCollected").asInt()).isEqualTo(1);
    assertThat(day.path("fleetRoot").asText()).isEqualTo(EvidenceHashes.fleetRoot(Map.of(
        "store-0001", day.path("stores").get(0).path("root").asText(),
        "store-0002", day.path("stores").get(1).path("root").asText())));
  }

  @Test
  void withoutObjectLockTheFileSaysSo() {
    threeNights();

    EvidenceDay day = written.get(0);
    assertThat(day.retention()).startsWith("none: the bucket has no S3 Object Lock (").endsWith(")");
    assertThat(json(day.key()).path("retention").asText()).isEqualTo(day.retention());
  }

  @Test
  void aPartialDayIsMarked() {
    reports.storeItems("2026-11-24", snapshot("store-0002", "2026-11-24", 2048));
    StoreRoot root = reports.storeItems("2026-11-24", snapshot("store-0002", "2026-11-24", 2048));

    EvidenceDay day = reports.writeDay(input(plan("2026-11-24", null, List.of("store-0002"), false), List.of(root), List.of()));

    assertThat(json(day.key()).path("partial").asBoolean()).isTrue();
  }

  @Test
  void driftNamesTheChangedGuestConfigWithOldAndNewValues() {
    threeNights();

    EvidenceDay second = written.get(1);
    assertThat(second.changedStores()).isEqualTo(1);
    assertThat(second.driftKey()).isEqualTo("audit/edge/drift/2026-11-25.json");
    JsonNode drift = json(second.driftKey());
    assertThat(drift.path("changedStores").asInt()).isEqualTo(1);
    JsonNode store = drift.path("stores").get(0);
    assertThat(store.path("store").asText()).isEqualTo("store-0001");
    JsonNode change = store.path("changed").get(0);
    assertThat(change.path("id").asText()).isEqualTo("guest/101/config");
    assertThat(change.path("fields").get(0).path("field").asText()).isEqualTo("memory");
    assertThat(change.path("fields").get(0).path("before").asText()).isEqualTo("2048");
    assertThat(change.path("fields").get(0).path("after").asText()).isEqualTo("4096");
    assertThat(change.path("fields").size()).isEqualTo(1);
    assertThat(text("audit/edge/drift/2026-11-25.md"))
        .contains("# Evidence drift 2026-11-25 against 2026-11-24")
        .contains("- store-0001: guest/101/config memory 2048 -> 4096\n")
        .doesNotContain("store-0002:");
    assertThat(contentType("audit/edge/drift/2026-11-25.md")).startsWith("text/markdown");

    EvidenceDay third = written.get(2);
    assertThat(third.changedStores()).isZero();
    assertThat(text("audit/edge/drift/2026-11-26.md"))
        .contains("0 stores changed.")
        .contains("- store-0003: not collected on 2026-11-26: store store-0003 did not answer");
  }

  @Test
  void driftNamesItemsAddedAndRemoved() {
    night("2026-11-24", null, Map.of("store-0001", 2048), List.of());
    StoreSnapshot usual = snapshot("store-0001", "2026-11-25", 2048);
    List<dev.edgerunbooks.workflows.evidence.EvidenceItem> items = new java.util.ArrayList<>(usual.items());
    items.removeIf(i -> i.id().equals("guest/102/config"));
    items.add(item("guest/103/config", "{\"memory\":\"1024\"}"));
    StoreRoot root = reports.storeItems("2026-11-25",
        new StoreSnapshot("store-0001", usual.collectedAt(), items, usual.gaps()));

    EvidenceDay day = reports.writeDay(input(plan("2026-11-25", "2026-11-24", List.of("store-0001"), true), List.of(root), List.of()));

    assertThat(day.changedStores()).isEqualTo(1);
    assertThat(text("audit/edge/drift/2026-11-25.md"))
        .contains("- store-0001: guest/103/config added\n")
        .contains("- store-0001: guest/102/config removed\n");
  }

  @Test
  void aRetriedWriteKeepsTheFileAndOtherContentIsRefused() {
    night("2026-11-24", null, Map.of("store-0001", 2048), List.of());
    StoreRoot root = reports.storeItems("2026-11-24", snapshot("store-0001", "2026-11-24", 2048));
    EvidenceDayInput input = input(plan("2026-11-24", null, List.of("store-0001"), true), List.of(root), List.of());
    byte[] before = bytes("audit/edge/2026-11-24.json");

    EvidenceDay again = reports.writeDay(input);

    assertThat(again).isEqualTo(written.get(0));
    assertThat(bytes("audit/edge/2026-11-24.json")).isEqualTo(before);

    EvidenceDayInput other = new EvidenceDayInput(input.plan(), input.workflowId(), "mallory", input.startedAt(),
        input.finishedAt(), input.stores(), input.runs());
    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class, () -> reports.writeDay(other));
    assertThat(refused.getType()).isEqualTo("EvidenceExists");
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refused.getOriginalMessage()).contains("audit/edge/2026-11-24.json").contains("append-only");
    assertThat(bytes("audit/edge/2026-11-24.json")).isEqualTo(before);

    // the items the day vouches for cannot be replaced either
    ApplicationFailure items = catchThrowableOfType(ApplicationFailure.class,
        () -> reports.storeItems("2026-11-24", snapshot("store-0001", "2026-11-24", 8192)));
    assertThat(items.getType()).isEqualTo("EvidenceExists");
  }

  @Test
  void aMissingPreviousDayIsRefused() {
    StoreRoot root = reports.storeItems("2026-11-25", snapshot("store-0001", "2026-11-25", 2048));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> reports.writeDay(
        input(plan("2026-11-25", "2026-11-24", List.of("store-0001"), true), List.of(root), List.of())));

    assertThat(failure.getType()).isEqualTo("EvidenceChainBroken");
    assertThat(failure.getOriginalMessage()).contains("audit/edge/2026-11-24.json");
  }

  // ---------------------------------------------------------------- runs of the day

  static final Instant DAY = Instant.parse("2026-11-25T00:00:00Z");

  @Test
  void runsOnSummarizesTheReportsThatFinishedThatDay() {
    // backup verification that started the evening before and ended after midnight
    String verifyPrefix = BackupVerifyReports.runPrefix(DAY.minus(Duration.ofHours(2)), "run-bv1");
    new BackupVerifyReportActivitiesImpl(bucket).writeReport(verifyPrefix, new BackupVerifyReport(
        "backup-verify/2026-11-24", "run-bv1", "schedule:nightly-backup-verify", DAY.minus(Duration.ofHours(2)),
        DAY.plus(Duration.ofMinutes(30)), 20, 18, 1, 1, List.of(), List.of()));
    // one that ended the day before: not counted
    String earlier = BackupVerifyReports.runPrefix(DAY.minus(Duration.ofHours(26)), "run-bv0");
    new BackupVerifyReportActivitiesImpl(bucket).writeReport(earlier, new BackupVerifyReport(
        "backup-verify/2026-11-23", "run-bv0", "schedule:nightly-backup-verify", DAY.minus(Duration.ofHours(26)),
        DAY.minus(Duration.ofHours(25)), 20, 20, 0, 0, List.of(), List.of()));
    new RestoreTestReportActivitiesImpl(bucket).writeReport(new RestoreTestReport(
        "restore-test/2026-W48", "run-rt1", "2026-W48", "alice", DAY.plus(Duration.ofHours(2)),
        DAY.plus(Duration.ofHours(5)), 20, 18, 2, List.of(), List.of()));
    ReportSigner drillSigner = ReportSigner.loadOrCreate(dataDir.resolve("signing/drill-key.pem"));
    DrillReportKeys drill = new DrDrillReportActivitiesImpl(bucket, drillSigner).writeReport(new StoreDrillReport(
        "dr-drill/2026-11-25/store-0001", "run-dr1", "store-0001", "eu-west", "bob", DAY.plus(Duration.ofHours(8)),
        DAY.plus(Duration.ofHours(10)), DrillVerdict.FAILED, "guest 100 (pos) did not boot", List.of(), null,
        Duration.ofHours(2), false, null, Duration.ofHours(26), true, List.of(), true));

    List<RunSummary> runs = reports.runsOn("2026-11-25");

    assertThat(runs).extracting(RunSummary::runbook).containsExactly("backup-verify", "restore-test", "dr-drill");
    RunSummary verify = runs.get(0);
    assertThat(verify.workflowId()).isEqualTo("backup-verify/2026-11-24");
    assertThat(verify.startedBy()).isEqualTo("schedule:nightly-backup-verify");
    assertThat(verify.approvedBy()).isEmpty();
    assertThat(verify.gates()).isEmpty();
    assertThat(verify.outcome()).isEqualTo("18 passed, 1 failed, 1 unreachable of 20 stores");
    assertThat(verify.finishedAt()).isEqualTo(DAY.plus(Duration.ofMinutes(30)));
    assertThat(verify.reportKey()).isEqualTo("reports/backup-verify/2026-11-24/run-bv1.json");
    assertThat(verify.reportSha256()).isEqualTo(EvidenceHashes.sha256Hex(bytes(verify.reportKey())));
    RunSummary restore = runs.get(1);
    assertThat(restore.outcome()).isEqualTo("18 passed, 2 failed");
    assertThat(restore.startedBy()).isEqualTo("alice");
    assertThat(restore.reportKey()).isEqualTo("reports/restore-test/2026-W48/run-rt1.json");
    RunSummary drillRun = runs.get(2);
    assertThat(drillRun.outcome()).isEqualTo("store-0001: FAILED (guest 100 (pos) did not boot)");
    assertThat(drillRun.reportKey()).isEqualTo(drill.json());
    assertThat(drillRun.reportSha256()).isEqualTo(EvidenceHashes.sha256Hex(bytes(drill.json())));

    // and the day's file vouches for them
    StoreRoot root = reports.storeItems("2026-11-25", snapshot("store-0001", "2026-11-25", 2048));
    EvidenceDay day = reports.writeDay(input(plan("2026-11-25", null, List.of("store-0001"), true), List.of(root), runs));
    JsonNode recorded = json(day.key()).path("runs");
    assertThat(recorded.size()).isEqualTo(3);
    assertThat(recorded.get(0).path("reportSha256").asText()).isEqualTo(verify.reportSha256());
    assertThat(recorded.get(0).path("finishedAt").asText()).isEqualTo("2026-11-25T00:30:00Z");
  }

  @Test
  void anUnreadableReportKeyedOnTheDayIsListedNotDropped() {
    bucket.putBytes("reports/backup-verify/2026-11-25/run-x.json", "{not json".getBytes(StandardCharsets.UTF_8), AuditBucket.JSON);

    List<RunSummary> runs = reports.runsOn("2026-11-25");

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).outcome()).startsWith("report not readable: ");
    assertThat(runs.get(0).reportKey()).isEqualTo("reports/backup-verify/2026-11-25/run-x.json");
  }
}
