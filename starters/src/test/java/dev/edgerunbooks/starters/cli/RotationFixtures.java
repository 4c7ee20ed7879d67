package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.Escalation;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.RenewalReason;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A scripted fleet for the rotation runbooks, as their summaries report it: the same results feed
 * the printing tests and the stand-in workflows on the test server.
 */
final class RotationFixtures {
  /** When the scripted runs finish; days left are counted from here. */
  static final Instant FINISHED = Instant.parse("2026-11-24T03:00:00Z");
  static final String FAILED_STORE = "store-0003";
  static final String FAILED_STORE_WHY =
      "the worker of store-0003 (task queue site-store-0003) did not pick up 'reading the certificates' in time:"
          + " the site, its worker or its link is down";
  static final CertPolicy CERT_POLICY =
      new CertPolicy(Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(21), CertIssuer.VAULT_PKI, 25,
          StoreCalendar.always());

  private RotationFixtures() {}

  /** A SHA-256 fingerprint, {@code AB:CD:…}, different for each seed. */
  static String fingerprint(int seed) {
    return IntStream.range(0, 32).mapToObj(i -> String.format("%02X", (seed * 37 + i * 11) & 0xff))
        .collect(Collectors.joining(":"));
  }

  /**
   * A node before the run and what a real run makes of it.
   *
   * @param why why it is due (null: not due)
   */
  private record CertNode(
      String store, String node, String why, int before, Duration left, NodeOutcome outcome, Integer after,
      Duration leftAfter, boolean outsideWindow, String detail) {}

  private static final List<CertNode> CERT_NODES =
      List.of(
          new CertNode("store-0001", "pve1", "expires in 12 days (renew before 30 days)", 1, Duration.ofDays(12),
              NodeOutcome.RENEWED, 2, Duration.ofDays(90), false, null),
          new CertNode("store-0001", "pve2", null, 3, Duration.ofDays(70), NodeOutcome.NOT_DUE, 3, Duration.ofDays(70),
              false, null),
          new CertNode("store-0002", "pve1", "expires in 12 days (renew before 30 days)", 4,
              Duration.ofDays(12).plusHours(1), NodeOutcome.RESTORED, 4, Duration.ofDays(12).plusHours(1), false,
              "after the upload the node served " + fingerprint(4) + " instead of the new certificate " + fingerprint(7)
                  + "; the previous certificate is served again"),
          new CertNode("store-0002", "pve2", "is 61 days old (max age 60 days)", 5, Duration.ofDays(29),
              NodeOutcome.BROKEN, 6, null, true,
              "deploying the new certificate: the node refused the upload; after putting the previous certificate"
                  + " back the node serves " + fingerprint(6) + ", not " + fingerprint(5)));

  /**
   * store-0001: pve1 renewed, pve2 not due; store-0002: pve1 restored (12 days left, escalated),
   * pve2 broken outside the window (escalated); store-0003: not checked. Only {@code stores} (all
   * when empty); a dry run would renew what is due, --force makes every node due.
   */
  static List<StoreCertResult> certResults(List<String> stores, boolean force, boolean dryRun) {
    Map<String, List<NodeRotation>> byStore = new LinkedHashMap<>();
    for (CertNode n : CERT_NODES) {
      String why = n.why() == null && force ? "forced (expires in " + n.left().toDays() + " days)" : n.why();
      NodeRotation result;
      if (why == null) {
        result = new NodeRotation(n.node(), NodeOutcome.NOT_DUE, null, null, fingerprint(n.before()),
            fingerprint(n.before()), FINISHED.plus(n.left()), false, null);
      } else if (dryRun) {
        result = new NodeRotation(n.node(), NodeOutcome.WOULD_RENEW, reason(why), why, fingerprint(n.before()),
            fingerprint(n.before()), FINISHED.plus(n.left()), false, null);
      } else {
        NodeOutcome outcome = n.outcome() == NodeOutcome.NOT_DUE ? NodeOutcome.RENEWED : n.outcome();
        int after = n.outcome() == NodeOutcome.NOT_DUE ? n.before() + 100 : n.after();
        Duration leftAfter = n.outcome() == NodeOutcome.NOT_DUE ? Duration.ofDays(90) : n.leftAfter();
        result = new NodeRotation(n.node(), outcome, reason(why), why, fingerprint(n.before()), fingerprint(after),
            leftAfter == null ? null : FINISHED.plus(leftAfter), n.outsideWindow(), n.detail());
      }
      byStore.computeIfAbsent(n.store(), s -> new ArrayList<>()).add(result);
    }
    List<StoreCertResult> results = new ArrayList<>();
    for (String store : stores.isEmpty() ? List.of("store-0001", "store-0002", FAILED_STORE) : stores) {
      results.add(store.equals(FAILED_STORE)
          ? new StoreCertResult(store, List.of(), FAILED_STORE_WHY)
          : new StoreCertResult(store, byStore.getOrDefault(store, List.of()), null));
    }
    return results;
  }

  /** A summary of {@code stores} whose failed renewals within 21 days of expiry (or of unknown expiry) are escalated. */
  static CertRotationSummary certSummary(
      String runId, boolean dryRun, boolean force, String initiator, List<StoreCertResult> stores) {
    List<Escalation> escalations = new ArrayList<>();
    for (StoreCertResult store : stores) {
      for (NodeRotation n : store.nodes()) {
        long daysLeft = n.notAfter() == null ? -1 : Duration.between(FINISHED, n.notAfter()).toDays();
        if (n.outcome().failed() && daysLeft < 21) {
          escalations.add(new Escalation(store.storeId(), n.node(), n.notAfter(), daysLeft,
              n.outcome() + ", " + n.why() + ": " + n.detail()));
        }
      }
    }
    return new CertRotationSummary(runId, dryRun, force, initiator, FINISHED.minusSeconds(40), FINISHED, CERT_POLICY,
        stores, escalations, runId + "/report.json");
  }

  private static RenewalReason reason(String why) {
    return why.startsWith("expires") ? RenewalReason.EXPIRES_SOON
        : why.startsWith("forced") ? RenewalReason.FORCED : RenewalReason.TOO_OLD;
  }
}
