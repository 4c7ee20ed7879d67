package dev.edgerunbooks.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgerunbooks.activities.evidence.ChainVerification.Problem;
import dev.edgerunbooks.activities.report.ReportSigner;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three nights of evidence verify; each kind of tampering is found and named where it happened. */
class EvidenceChainVerifierTest extends EvidenceDays {
  static final String ITEMS_0001_25 = "audit/edge/items/2026-11-25/store-0001.json";

  EvidenceChainVerifier verifier;

  @BeforeEach
  void nights() {
    threeNights();
    verifier = new EvidenceChainVerifier(bucket);
  }

  ChainVerification verify() {
    return verifier.verify("2026-11-24", "2026-11-26", signer.publicKeyPem());
  }

  String first(ChainVerification result) {
    assertThat(result.ok()).as("tampering found").isFalse();
    return result.firstBroken().map(Problem::sentence).orElseThrow();
  }

  @Test
  void threeNightsVerifyWithTheTrustedKeyOrItsId() {
    ChainVerification result = verify();

    assertThat(result.problems()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.firstBroken()).isEmpty();
    assertThat(result.daysChecked()).containsExactly("2026-11-24", "2026-11-25", "2026-11-26");
    assertThat(result.daysWithoutEvidence()).isEmpty();
    assertThat(result.trustedKeyId()).isEqualTo(signer.keyId());

    assertThat(verifier.verify("2026-11-24", "2026-11-26", signer.keyId()).ok()).isTrue();
  }

  @Test
  void daysWithoutARunAreListedButAreNoProblem() {
    ChainVerification result = verifier.verify("2026-11-23", "2026-11-28", signer.keyId());

    assertThat(result.ok()).isTrue();
    assertThat(result.daysWithoutEvidence()).containsExactly("2026-11-23", "2026-11-27", "2026-11-28");
  }

  @Test
  void oneByteOfAnItemChangedIsNamedWithTheStoreAndItem() {
    String items = text(ITEMS_0001_25);
    assertThat(items).contains("\"memory\":\"4096\"");
    put(ITEMS_0001_25, items.replace("\"memory\":\"4096\"", "\"memory\":\"4097\""));

    ChainVerification result = verify();

    assertThat(first(result))
        .startsWith("2026-11-25: item guest/101/config of store-0001 does not match its hash (sha256 stored ")
        .endsWith("): the item was changed after it was recorded");
    Problem problem = result.firstBroken().orElseThrow();
    assertThat(problem.store()).isEqualTo("store-0001");
    assertThat(problem.item()).isEqualTo("guest/101/config");
    assertThat(problem.key()).isEqualTo(ITEMS_0001_25);
    assertThat(result.problems()).hasSize(1);
  }

  @Test
  void anItemChangedTogetherWithItsHashInTheItemsFileIsCaughtByTheSignedDay() {
    String items = text(ITEMS_0001_25);
    String oldHash = EvidenceHashes.itemHash("{\"cores\":\"4\",\"memory\":\"4096\",\"name\":\"pos\",\"net0\":\"virtio=BC:24:11:00:00:01,bridge=vmbr0\"}");
    String newHash = EvidenceHashes.itemHash("{\"cores\":\"4\",\"memory\":\"4097\",\"name\":\"pos\",\"net0\":\"virtio=BC:24:11:00:00:01,bridge=vmbr0\"}");
    put(ITEMS_0001_25, items.replace("\"memory\":\"4096\"", "\"memory\":\"4097\"").replace(oldHash, newHash));

    assertThat(first(verify()))
        .startsWith("2026-11-25: item guest/101/config of store-0001 does not match the hash in the signed day's file")
        .endsWith("the item and its hash were changed after the day was signed");
  }

  @Test
  void aDeletedDayIsNamed() {
    delete("audit/edge/2026-11-25.json");

    ChainVerification result = verify();

    assertThat(first(result)).isEqualTo("2026-11-25: the day's file audit/edge/2026-11-25.json is missing, but"
        + " 2026-11-26 links to it: it was deleted or moved");
    assertThat(result.daysChecked()).containsExactly("2026-11-24", "2026-11-26");
    assertThat(result.daysWithoutEvidence()).isEmpty();
  }

  @Test
  void twoSwappedDaysAreNamed() {
    byte[] day25 = bytes("audit/edge/2026-11-25.json");
    byte[] day26 = bytes("audit/edge/2026-11-26.json");
    put("audit/edge/2026-11-25.json", day26);
    put("audit/edge/2026-11-26.json", day25);

    ChainVerification result = verify();

    assertThat(first(result)).isEqualTo("2026-11-25: the file audit/edge/2026-11-25.json holds the evidence of"
        + " 2026-11-26, not of 2026-11-25: days were swapped, or a file was copied over another");
    assertThat(result.problems()).extracting(Problem::sentence).contains("2026-11-26: the file audit/edge/2026-11-26.json"
        + " holds the evidence of 2026-11-25, not of 2026-11-26: days were swapped, or a file was copied over another");
  }

  @Test
  void aDayReSignedWithAnotherKeyIsNamedWithTheKeyFound() {
    ReportSigner other = ReportSigner.loadOrCreate(dataDir.resolve("signing/other-key.pem"));
    ObjectNode day = (ObjectNode) EvidenceHashes.parse(bytes("audit/edge/2026-11-25.json"));
    day.remove("signature");
    put("audit/edge/2026-11-25.json", EvidenceFiles.sign(day, other));

    ChainVerification result = verify();

    assertThat(first(result)).isEqualTo("2026-11-25: the file is signed by key " + other.keyId() + ", not by the"
        + " trusted key " + signer.keyId() + ": it was re-signed or replaced");
    // the next day's link notices the new bytes too
    assertThat(result.problems()).extracting(Problem::sentence)
        .anyMatch(s -> s.startsWith("2026-11-26: the previous day's file audit/edge/2026-11-25.json does not match the hash"));
  }

  @Test
  void aDayChangedWithoutReSigningFailsItsSignature() {
    String day = text("audit/edge/2026-11-24.json");
    put("audit/edge/2026-11-24.json", day.replace("schedule:nightly-evidence", "schedule:nightly-evidenCe"));

    assertThat(first(verify())).isEqualTo("2026-11-24: the signature by the trusted key does not verify: the file was"
        + " changed after it was signed");
  }

  @Test
  void aRunReportChangedAfterTheDayVouchedForItIsNamed() {
    bucket.putText("reports/backup-verify/2026-11-27/run-1.json",
        "{\"workflowId\":\"backup-verify/2026-11-27\",\"requestedBy\":\"schedule:nightly\","
            + "\"finishedAt\":\"2026-11-27T00:40:00Z\",\"stores\":2,\"passed\":2,\"failed\":0,\"unreachable\":0}",
        "application/json");
    night("2026-11-27", "2026-11-26", java.util.Map.of("store-0001", 4096), java.util.List.of());
    assertThat(verifier.verify("2026-11-27", "2026-11-27", signer.keyId()).ok()).isTrue();

    bucket.putText("reports/backup-verify/2026-11-27/run-1.json",
        "{\"workflowId\":\"backup-verify/2026-11-27\",\"requestedBy\":\"schedule:nightly\","
            + "\"finishedAt\":\"2026-11-27T00:40:00Z\",\"stores\":2,\"passed\":1,\"failed\":1,\"unreachable\":0}",
        "application/json");

    assertThat(first(verifier.verify("2026-11-27", "2026-11-27", signer.keyId())))
        .startsWith("2026-11-27: the report reports/backup-verify/2026-11-27/run-1.json of run backup-verify/2026-11-27"
            + " does not match the hash this day recorded (sha256 recorded ")
        .endsWith("): it was changed after 2026-11-27 was written");
  }

  @Test
  void showGivesAStoresItemsVerifiedAgainstTheDay() {
    EvidenceShow.StoreEvidence shown = new EvidenceShow(bucket).show("2026-11-25", "store-0001");

    assertThat(shown.verified()).isTrue();
    assertThat(shown.items()).extracting(EvidenceShow.Item::id)
        .containsExactly("bundle", "ceph/health", "guest/101/config", "guest/102/config", "node/pve1/version");
    EvidenceShow.Item config = shown.items().get(2);
    assertThat(config.data()).contains("\"memory\":\"4096\"");
    assertThat(config.sha256()).isEqualTo(EvidenceHashes.itemHash(config.data()));
    assertThat(shown.gaps()).containsExactly("firewall/cluster/rules: not readable: HTTP 501");

    put(ITEMS_0001_25, text(ITEMS_0001_25).replace("\"memory\":\"4096\"", "\"memory\":\"4097\""));
    EvidenceShow.StoreEvidence tampered = new EvidenceShow(bucket).show("2026-11-25", "store-0001");
    assertThat(tampered.verified()).isFalse();
    assertThat(tampered.problems().get(0)).startsWith("2026-11-25: item guest/101/config of store-0001 does not match its hash");

    EvidenceShow.StoreEvidence notCollected = new EvidenceShow(bucket).show("2026-11-26", "store-0003");
    assertThat(notCollected.failure()).isEqualTo("store store-0003 did not answer");
    assertThat(notCollected.items()).isEmpty();
  }

  @Test
  void bytesAreUtf8() {
    assertThat(new String(bytes("audit/edge/2026-11-24.json"), StandardCharsets.UTF_8)).startsWith("{\"date\":\"2026-11-24\"");
  }
}
