package dev.edgerunbooks.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.Escalation;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.RenewalReason;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.tokenrotation.AccountRotation;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenResult;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The certificate and token rotation reports in the audit bucket, signed, and their metrics textfiles. */
class RotationReportActivitiesImplTest extends S3ProxyFixture {
  static final Instant START = Instant.parse("2026-11-24T03:00:00Z");
  static final Instant END = Instant.parse("2026-11-24T03:20:00Z");
  static final String A = "AA:" + "11:".repeat(30) + "AA";
  static final String B = "BB:" + "22:".repeat(30) + "BB";
  static final String C = "CC:" + "33:".repeat(30) + "CC";
  static final CertPolicy CERTS = new CertPolicy(Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(21),
      CertIssuer.VAULT_PKI, 10, StoreCalendar.always());
  static final TokenPolicy TOKENS = new TokenPolicy(Duration.ofDays(90), Duration.ofDays(30), Duration.ofMinutes(5), 10);

  ReportSigner signer;
  Path certMetrics;
  Path tokenMetrics;

  @BeforeEach
  void files() {
    signer = ReportSigner.generate();
    certMetrics = dataDir.resolve("metrics/edge_certificates.prom");
    tokenMetrics = dataDir.resolve("metrics/edge_api_tokens.prom");
  }

  CertRotationReportActivitiesImpl certs() {
    return new CertRotationReportActivitiesImpl(bucket, signer, new MetricsTextFile(certMetrics));
  }

  TokenRotationReportActivitiesImpl tokens() {
    return new TokenRotationReportActivitiesImpl(bucket, signer, new MetricsTextFile(tokenMetrics));
  }

  static CertRotationSummary certRun(boolean dryRun, StoreCertResult... stores) {
    List<Escalation> escalations = List.of(
        new Escalation("store-0002", "pve2", END.plus(Duration.ofDays(12)), 12, "renewal failed: the ACME CA refused"));
    return new CertRotationSummary("cert-rotation/2026-11-24", dryRun, false, "schedule", START, END, CERTS,
        List.of(stores), dryRun ? List.of() : escalations, null);
  }

  static StoreCertResult store1() {
    return new StoreCertResult("store-0001", List.of(
        new NodeRotation("pve1", NodeOutcome.RENEWED, RenewalReason.EXPIRES_SOON, "expires in 20 days (renew before 30 days)",
            A, B, END.plus(Duration.ofDays(90)), false, null),
        new NodeRotation("pve2", NodeOutcome.NOT_DUE, null, null, C, C, END.plus(Duration.ofDays(70).plusHours(6)), false, null)),
        null);
  }

  static StoreCertResult store2() {
    return new StoreCertResult("store-0002", List.of(
        new NodeRotation("pve2", NodeOutcome.NOT_ISSUED, RenewalReason.EXPIRES_SOON, "expires in 12 days (renew before 30 days)",
            A, A, END.plus(Duration.ofDays(12)), false, "the ACME CA refused")),
        null);
  }

  @Test
  void theCertificateReportIsSignedListsEscalationsFirstAndTheMetricsSayExpiryAndFailure() throws Exception {
    String key = certs().write(certRun(false, store1(), store2()));

    assertThat(key).isEqualTo("cert-rotation/2026-11-24/report.json");
    JsonNode json = bucket.json().readTree(bytes(key));
    assertThat(json.get("nodes")).hasSize(3);
    JsonNode first = json.get("nodes").get(0);
    assertThat(first.get("store").asText()).isEqualTo("store-0002");
    assertThat(first.get("escalated").asBoolean()).isTrue();
    assertThat(first.get("daysLeft").asLong()).isEqualTo(12);
    assertThat(json.get("nodes").get(1).get("servedFingerprint").asText()).isEqualTo(B);
    assertThat(json.get("counts").get("RENEWED").asInt()).isEqualTo(1);
    assertThat(json.get("metricsWritten").asBoolean()).isTrue();

    ReportSignature sig = bucket.json().readValue(bytes(key + ".sig"), ReportSignature.class);
    assertThat(sig.signed()).isEqualTo(key);
    assertThat(ReportSigner.verify(sig.publicKey(), bytes(key), Base64.getDecoder().decode(sig.signature()))).isTrue();

    String md = text("cert-rotation/2026-11-24/report.md");
    assertThat(md.indexOf("## Escalations")).isLessThan(md.indexOf("## Nodes"));
    assertThat(md).contains("| store-0002 | pve2 | 2026-12-06 03:20:00 UTC | 12 | renewal failed: the ACME CA refused |",
        "| store-0002 | pve2 | **NOT_ISSUED** (escalated) | expires in 12 days (renew before 30 days) |",
        "renewed 1", "`" + key + ".sig` holds a SHA256withECDSA");

    assertThat(Files.readAllLines(certMetrics)).contains(
        "edge_certificate_not_after_timestamp_seconds{store=\"store-0001\",node=\"pve1\"} " + END.plus(Duration.ofDays(90)).getEpochSecond(),
        "edge_certificate_expiry_seconds{store=\"store-0001\",node=\"pve1\"} " + Duration.ofDays(90).getSeconds(),
        "edge_certificate_expiry_seconds{store=\"store-0001\",node=\"pve2\"} " + Duration.ofDays(70).plusHours(6).getSeconds(),
        "edge_certificate_rotation_failed{store=\"store-0001\",node=\"pve1\"} 0",
        "edge_certificate_rotation_failed{store=\"store-0002\",node=\"pve2\"} 1",
        "# TYPE edge_certificate_rotation_failed gauge");

    // a retry writes the same report and keeps the signature
    byte[] before = bytes(key + ".sig");
    certs().write(certRun(false, store1(), store2()));
    assertThat(bytes(key + ".sig")).isEqualTo(before);
  }

  @Test
  void aRunOverSomeStoresKeepsTheOthersMetricsAndAStoreNotCheckedKeepsItsExpiryButFails() throws Exception {
    certs().write(certRun(false, store1(), store2()));

    certs().write(new CertRotationSummary("cert-rotation/2026-11-25", false, false, "ops", START, END, CERTS, List.of(
        new StoreCertResult("store-0001", List.of(), "no worker answered on site-store-0001")), List.of(), null));

    List<String> lines = Files.readAllLines(certMetrics);
    assertThat(lines).contains(
        "edge_certificate_rotation_failed{store=\"store-0001\",node=\"pve1\"} 1",
        "edge_certificate_rotation_failed{store=\"store-0001\",node=\"pve2\"} 1",
        "edge_certificate_expiry_seconds{store=\"store-0001\",node=\"pve1\"} " + Duration.ofDays(90).getSeconds(),
        "edge_certificate_rotation_failed{store=\"store-0002\",node=\"pve2\"} 1");
    assertThat(text("cert-rotation/2026-11-25/report.md")).contains("## Stores not checked", "no worker answered on site-store-0001");
  }

  @Test
  void aDryRunWritesItsReportButNoMetrics() throws Exception {
    String key = certs().write(certRun(true, store1()));

    assertThat(bucket.json().readTree(bytes(key)).get("metricsWritten").asBoolean()).isFalse();
    assertThat(text(key.replace("report.json", "report.md"))).contains("(dry run)", "Metrics: not written");
    assertThat(certMetrics).doesNotExist();

    tokens().write(new TokenRotationSummary("token-rotation/2026-11-24-dry", true, false, "ops", START, END, TOKENS, List.of(), null));
    assertThat(tokenMetrics).doesNotExist();
  }

  @Test
  void theTokenReportListsFailuresFirstWithTokenIdsOnlyAndTheMetricsSayExpiryAndFailure() throws Exception {
    TokenRotationSummary run = new TokenRotationSummary("token-rotation/2026-11-24", false, false, "schedule", START, END, TOKENS,
        List.of(
            new StoreTokenResult("store-0001", List.of(
                new AccountRotation(ApiAccount.PVE, TokenOutcome.ROTATED, "it never expires", "edgerun@pve!runbooks",
                    "edgerun@pve!rot-20261124-abcdef", END.plus(Duration.ofDays(90)), null),
                new AccountRotation(ApiAccount.PBS, TokenOutcome.KEPT_OLD, "forced", "edgerun@pbs!runbooks",
                    "edgerun@pbs!runbooks", null, "verifying edgerun@pbs!rot-20261124-abcdef failed: TokenNotWorking")),
                null)),
        null);

    String key = tokens().write(run);

    assertThat(key).isEqualTo("token-rotation/2026-11-24/report.json");
    JsonNode json = bucket.json().readTree(bytes(key));
    assertThat(json.get("accounts").get(0).get("account").asText()).isEqualTo("pbs");
    assertThat(json.get("accounts").get(1).get("daysLeft").asLong()).isEqualTo(90);
    String md = text("token-rotation/2026-11-24/report.md");
    assertThat(md).contains("| store-0001 | pbs | **KEPT_OLD** | forced | edgerun@pbs!runbooks | edgerun@pbs!runbooks | never | – |",
        "kept old 1", "rotated 1");
    assertThat(md.indexOf("| pbs |")).isLessThan(md.indexOf("| pve |"));
    ReportSignature sig = bucket.json().readValue(bytes(key + ".sig"), ReportSignature.class);
    assertThat(ReportSigner.verify(sig.publicKey(), bytes(key), Base64.getDecoder().decode(sig.signature()))).isTrue();

    assertThat(Files.readAllLines(tokenMetrics)).contains(
        "edge_api_token_expiry_seconds{store=\"store-0001\",account=\"pve\"} " + Duration.ofDays(90).getSeconds(),
        "edge_api_token_expiry_seconds{store=\"store-0001\",account=\"pbs\"} +Inf",
        "edge_api_token_rotation_failed{store=\"store-0001\",account=\"pve\"} 0",
        "edge_api_token_rotation_failed{store=\"store-0001\",account=\"pbs\"} 1");
  }
}
