package dev.edgerunbooks.starters.cli;

import static dev.edgerunbooks.starters.cli.RotationFixtures.certRun;
import static dev.edgerunbooks.starters.cli.RotationFixtures.certSummary;
import static dev.edgerunbooks.starters.cli.RotationFixtures.fingerprint;
import static dev.edgerunbooks.starters.cli.RotationFixtures.tokenRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.certrotation.CertRotationProgress;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationProgress;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The printed results of certificate and token rotation runs, and their progress, from constructed records. */
class RotationSummariesTest {
  private final StringWriter out = new StringWriter();
  private final Output output = new Output(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

  @Test
  void aCertificateRunWithFailedNodesPrintsTheEscalationsFirstThenATableOfWhatWasDueAndExitsOne() {
    assertThat(RotationSummaries.printCertificates(output,
            certRun("cert-rotation/2026-11-24", "alice", List.of(), false, false), false))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);

    List<String> lines = out.toString().lines().toList();
    assertThat(lines.subList(0, 5))
        .containsExactly(
            "cert-rotation/2026-11-24: 3 stores, 4 nodes: 1 not due, 1 renewed, 1 restored, 1 broken; 1 store not checked",
            "started by alice",
            "!! ESCALATION: 2 certificates are close to expiry and not renewed; someone must look before they expire",
            "!!   store-0002 pve1: expires 2026-12-06T04:00:00Z (12 days left): RESTORED, expires in 12 days (renew"
                + " before 30 days): after the upload the node served " + fingerprint(4) + " instead of the new"
                + " certificate " + fingerprint(7) + "; the previous certificate is served again",
            "!!   store-0002 pve2: expiry unknown: BROKEN, is 61 days old (max age 60 days): deploying the new"
                + " certificate: the node refused the upload; after putting the previous certificate back the node"
                + " serves " + fingerprint(6) + ", not " + fingerprint(5));
    assertThat(lines.subList(5, lines.size()))
        .containsExactly(
            "policy: renew within 30d of expiry or at 60d old; escalate within 21d; issuer VAULT_PKI, 25 stores at a time",
            "  store       node  outcome      why due                                    fingerprint                 "
                + "  days left  detail",
            "  store-0001  pve1  RENEWED      expires in 12 days (renew before 30 days)  25:30:3B:46… -> 4A:55:60:6B…"
                + "  90         -",
            "  store-0002  pve1  RESTORED     expires in 12 days (renew before 30 days)  94:9F:AA:B5…                "
                + "  12         after the upload the node served " + fingerprint(4) + " instead of the new certificate "
                + fingerprint(7) + "; the previous certificate is served again",
            "  store-0002  pve2  BROKEN       is 61 days old (max age 60 days)           B9:C4:CF:DA… -> DE:E9:F4:FF…"
                + "  -          deploying the new certificate: the node refused the upload; after putting the previous"
                + " certificate back the node serves " + fingerprint(6) + ", not " + fingerprint(5)
                + "; outside the store's window: the certificate would have expired before the next one opened",
            "  store-0003  -     NOT_CHECKED  -                                          -                           "
                + "  -          " + RotationFixtures.FAILED_STORE_WHY,
            "1 node not due, not listed (--json lists every node)",
            "report: cert-rotation/2026-11-24/report.json");
  }

  @Test
  void aCertificateRunThatRenewedWhatWasDueExitsZero() {
    assertThat(RotationSummaries.printCertificates(output,
            certRun("cert-rotation/2026-11-24/forced-1795521768276", "alice", List.of("store-0001"), true, false), false))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .startsWith("cert-rotation/2026-11-24/forced-1795521768276: 1 store, 2 nodes: 2 renewed\n"
            + "started by alice, forced (due or not)\npolicy: ")
        .containsPattern("store-0001  pve2  RENEWED  forced \\(expires in 70 days\\) +[0-9A-F:]{11}… -> [0-9A-F:]{11}…  90")
        .doesNotContain("ESCALATION")
        .doesNotContain("not listed");
  }

  @Test
  void aCertificateDryRunListsWhatWouldBeRenewedAndWhy() {
    assertThat(RotationSummaries.printCertificates(output,
            certRun("cert-rotation/2026-11-24/dry-run-1795521768276", "alice", List.of("store-0001", "store-0002"), false, true), false))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .startsWith("cert-rotation/2026-11-24/dry-run-1795521768276: dry run, nothing was changed; 2 stores, 4 nodes:"
            + " 1 not due, 3 would renew\n")
        .contains("  store-0001  pve1  WOULD_RENEW  expires in 12 days (renew before 30 days)  25:30:3B:46…  12 ")
        .contains("  store-0002  pve2  WOULD_RENEW  is 61 days old (max age 60 days)           B9:C4:CF:DA…  29 ")
        .contains("1 node not due, not listed")
        .doesNotContain("ESCALATION");
  }

  @Test
  void aCertificateRunWithNothingDueSaysSo() {
    NodeRotation notDue =
        new NodeRotation("pve1", NodeOutcome.NOT_DUE, null, null, fingerprint(1), fingerprint(1),
            RotationFixtures.FINISHED.plus(Duration.ofDays(70)), false, null);
    CertRotationSummary s =
        certSummary("cert-rotation/2026-11-25", false, false, "schedule",
            List.of(new StoreCertResult("store-0001", List.of(notDue), null)));

    assertThat(RotationSummaries.printCertificates(output, s, false)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("1 store, 1 node: 1 not due\n")
        .contains("no node was due\n1 node not due, not listed (--json lists every node)\n");
  }

  @Test
  void certificateProgressCountsTheNodesPerOutcomeInTheirOrder() {
    CertRotationProgress p =
        new CertRotationProgress("checking and renewing", 10, 3,
            Map.of(NodeOutcome.NOT_DUE, 12, NodeOutcome.RESTORED, 1, NodeOutcome.RENEWED, 4), List.of("store-0004"));

    assertThat(RotationRuns.progressLine(RotationRuns.standing(p)))
        .isEqualTo(Output.bar(3, 10, 30) + " stores  nodes: 12 not due, 4 renewed, 1 restored  (checking and renewing)");
    assertThat(RotationRuns.progressLine(RotationRuns.standing(new CertRotationProgress("planning", 0, 0, Map.of(), List.of()))))
        .isEqualTo(Output.bar(0, 0, 30) + " stores  nodes: none done yet  (planning)");
  }

  @Test
  void aTokenRunWithFailedAccountsPrintsATableOfWhatWasDueWithTheTokensBeforeAndAfterAndExitsOne() {
    assertThat(RotationSummaries.printTokens(output,
            tokenRun("token-rotation/2026-11-24", "alice", List.of(), false, false), false))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);

    // the layout below the accounts (stores not checked, what is not listed, the report) is the certificates' one
    assertThat(out.toString().lines().limit(7))
        .containsExactly(
            "token-rotation/2026-11-24: 3 stores, 4 accounts: 1 not due, 1 rotated, 1 kept old, 1 old not revoked;"
                + " 1 store not checked",
            "started by alice",
            "policy: rotate within 30d of expiry (and tokens that never expire); new tokens expire after 90d; the old"
                + " token is deleted 10m after the switch; 25 stores at a time",
            "  store       account  outcome          why due                                        token            "
                + "                                       days left  detail",
            "  store-0001  PVE      ROTATED          it expires in 12 days (rotate before 30 days)  "
                + "edgerun@pve!rot-20260826-1a2b3c -> rot-20261124-4d5e6f  90         -",
            "  store-0002  PVE      KEPT_OLD         it never expires                               "
                + "edgerun@pve!initial                                     never      " + RotationFixtures.KEPT_OLD_WHY,
            "  store-0002  PBS      OLD_NOT_REVOKED  it expires in 3 days (rotate before 30 days)   "
                + "edgerun@pbs!rot-20260827-bbbbbb -> rot-20261124-cccccc  90         " + RotationFixtures.NOT_REVOKED_WHY);
    assertThat(out.toString()).contains("NOT_CHECKED", "1 account not due, not listed (--json lists every account)");
  }

  @Test
  void aTokenDryRunListsWhatWouldBeRotatedAndWhyAndAForcedRunThatRotatedEverythingExitsZero() {
    assertThat(RotationSummaries.printTokens(output,
            tokenRun("token-rotation/2026-11-24/dry-run-1", "alice", List.of("store-0002"), false, true), false))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .startsWith("token-rotation/2026-11-24/dry-run-1: dry run, nothing was changed; 1 store, 2 accounts: 2 would rotate\n")
        .contains("  store-0002  PVE      WOULD_ROTATE  it never expires                              "
            + "edgerun@pve!initial              never      -\n")
        .contains("  store-0002  PBS      WOULD_ROTATE  it expires in 3 days (rotate before 30 days)  "
            + "edgerun@pbs!rot-20260827-bbbbbb  3          -\n");

    out.getBuffer().setLength(0);
    assertThat(RotationSummaries.printTokens(output,
            tokenRun("token-rotation/2026-11-24/forced-1", "alice", List.of("store-0001"), true, false), false))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .startsWith("token-rotation/2026-11-24/forced-1: 1 store, 2 accounts: 2 rotated\nstarted by alice, forced (due or not)\n")
        .contains("  store-0001  PBS      ROTATED  forced   edgerun@pbs!rot-20261001-777777 -> rot-20261124-f0f0f0  90 ");
  }

  @Test
  void aRotationRunAsJsonIsItsSummaryAndKeepsTheExitCode() {
    assertThat(RotationSummaries.printCertificates(output,
            certRun("cert-rotation/2026-11-24", "alice", List.of(), false, false), true))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(RotationSummaries.printTokens(output,
            tokenRun("token-rotation/2026-11-24", "alice", List.of(), false, false), true))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .startsWith("{")
        .contains("\"runId\" : \"cert-rotation/2026-11-24\"")
        .contains("\"outcome\" : \"BROKEN\"")
        .contains("\"servedFingerprint\" : \"" + fingerprint(2) + "\"")
        .contains("\"renewBefore\" : \"PT720H\"")
        .contains("\"failure\" : \"" + RotationFixtures.FAILED_STORE_WHY + "\"")
        .contains("\"escalations\" : [ {")
        .contains("\"daysLeft\" : 12")
        .contains("\"reportKey\" : \"cert-rotation/2026-11-24/report.json\"")
        .contains("\"runId\" : \"token-rotation/2026-11-24\"")
        .contains("\"outcome\" : \"KEPT_OLD\"")
        .contains("\"previousTokenId\" : \"edgerun@pbs!rot-20260827-bbbbbb\"")
        .contains("\"expire\" : null")
        .contains("\"lifetime\" : \"PT2160H\"")
        .doesNotContain("not listed");
  }

  @Test
  void tokenProgressCountsTheAccountsPerOutcomeInTheirOrder() {
    TokenRotationProgress p =
        new TokenRotationProgress("rotating", 4, 2, Map.of(TokenOutcome.KEPT_OLD, 1, TokenOutcome.ROTATED, 3),
            List.of("store-0003", "store-0004"));

    assertThat(RotationRuns.progressLine(RotationRuns.standing(p)))
        .isEqualTo(Output.bar(2, 4, 30) + " stores  accounts: 3 rotated, 1 kept old  (rotating)");
  }

  @Test
  void theNewTokenIsNamedWithoutTheUserItSharesWithTheOldOne() {
    assertThat(RotationSummaries.tokenName("edgerun@pve!rot-20260826-1a2b3c", "edgerun@pve!rot-20261124-4d5e6f"))
        .isEqualTo("rot-20261124-4d5e6f");
    assertThat(RotationSummaries.tokenName("edgerun@pve!initial", "edgerun@pve!initial")).isEqualTo("edgerun@pve!initial");
    assertThat(RotationSummaries.tokenName("edgerun@pve!a", "other@pve!b")).isEqualTo("other@pve!b");
    assertThat(RotationSummaries.tokenName(null, "edgerun@pve!b")).isEqualTo("edgerun@pve!b");
  }

  @Test
  void policyDurationsReadAsRotationYamlWritesThem() {
    assertThat(RotationSummaries.days(Duration.ofDays(21))).isEqualTo("21d");
    assertThat(RotationSummaries.days(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(RotationSummaries.days(Duration.ofMinutes(10))).isEqualTo("10m");
  }
}
