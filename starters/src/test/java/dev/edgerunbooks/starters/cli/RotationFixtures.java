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
import dev.edgerunbooks.workflows.tokenrotation.AccountRotation;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenResult;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
      "the worker of store-0003 (task queue site-store-0003) did not pick up 'inspect' in time: the site, its"
          + " worker or its link is down";
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
  private static List<StoreCertResult> certResults(List<String> stores, boolean force, boolean dryRun) {
    return fleet(stores, CERT_NODES, CertNode::store, n -> certResult(n, force, dryRun), StoreCertResult::new);
  }

  private static NodeRotation certResult(CertNode n, boolean force, boolean dryRun) {
    String why = n.why() == null && force ? "forced (expires in " + n.left().toDays() + " days)" : n.why();
    if (why == null) {
      return new NodeRotation(n.node(), NodeOutcome.NOT_DUE, null, null, fingerprint(n.before()),
          fingerprint(n.before()), FINISHED.plus(n.left()), false, null);
    }
    if (dryRun) {
      return new NodeRotation(n.node(), NodeOutcome.WOULD_RENEW, reason(why), why, fingerprint(n.before()),
          fingerprint(n.before()), FINISHED.plus(n.left()), false, null);
    }
    boolean forced = n.outcome() == NodeOutcome.NOT_DUE;
    Duration leftAfter = forced ? Duration.ofDays(90) : n.leftAfter();
    return new NodeRotation(n.node(), forced ? NodeOutcome.RENEWED : n.outcome(), reason(why), why,
        fingerprint(n.before()), fingerprint(forced ? n.before() + 100 : n.after()),
        leftAfter == null ? null : FINISHED.plus(leftAfter), n.outsideWindow(), n.detail());
  }

  /** A store's result from its id, its nodes (accounts) and why it could not be checked. */
  interface StoreResult<I, R> {
    R of(String storeId, List<I> items, String failure);
  }

  /** The results of {@code stores} (all three when empty); {@value #FAILED_STORE} could not be checked. */
  private static <F, I, R> List<R> fleet(
      List<String> stores, List<F> fixture, Function<F, String> storeOf, Function<F, I> resultOf, StoreResult<I, R> store) {
    Map<String, List<I>> byStore = new LinkedHashMap<>();
    for (F f : fixture) {
      byStore.computeIfAbsent(storeOf.apply(f), s -> new ArrayList<>()).add(resultOf.apply(f));
    }
    List<R> results = new ArrayList<>();
    for (String id : stores.isEmpty() ? List.of("store-0001", "store-0002", FAILED_STORE) : stores) {
      results.add(id.equals(FAILED_STORE)
          ? store.of(id, List.of(), FAILED_STORE_WHY)
          : store.of(id, byStore.getOrDefault(id, List.of()), null));
    }
    return results;
  }

  /** {@code initiator}'s run {@code runId} of the fixture fleet's {@code stores} (all when empty). */
  static CertRotationSummary certRun(String runId, String initiator, List<String> stores, boolean force, boolean dryRun) {
    return certSummary(runId, dryRun, force, initiator, certResults(stores, force, dryRun));
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

  static final TokenPolicy TOKEN_POLICY =
      new TokenPolicy(Duration.ofDays(90), Duration.ofDays(30), Duration.ofMinutes(10), 25);
  static final String KEPT_OLD_WHY =
      "verifying edgerun@pve!rot-20261124-0a1b2c against the PVE API: the API refused the token (TokenNotWorking);"
          + " edgerun@pve!rot-20261124-0a1b2c is deleted, the old token is still in use";
  static final String NOT_REVOKED_WHY =
      "after the grace period this store's worker still uses edgerun@pbs!rot-20260827-bbbbbb, so"
          + " edgerun@pbs!rot-20260827-bbbbbb was not deleted";

  /**
   * An account before the run and what a real run makes of it.
   *
   * @param why why it is due (null: not due)
   * @param left how long the token in use has left (null: it never expires)
   */
  private record TokenAccount(
      String store, ApiAccount account, String why, String before, Duration left, TokenOutcome outcome, String after,
      String detail) {}

  private static final List<TokenAccount> TOKEN_ACCOUNTS =
      List.of(
          new TokenAccount("store-0001", ApiAccount.PVE, "it expires in 12 days (rotate before 30 days)",
              "edgerun@pve!rot-20260826-1a2b3c", Duration.ofDays(12), TokenOutcome.ROTATED,
              "edgerun@pve!rot-20261124-4d5e6f", null),
          new TokenAccount("store-0001", ApiAccount.PBS, null, "edgerun@pbs!rot-20261001-777777", Duration.ofDays(67),
              TokenOutcome.NOT_DUE, null, null),
          new TokenAccount("store-0002", ApiAccount.PVE, "it never expires", "edgerun@pve!initial", null,
              TokenOutcome.KEPT_OLD, null, KEPT_OLD_WHY),
          new TokenAccount("store-0002", ApiAccount.PBS, "it expires in 3 days (rotate before 30 days)",
              "edgerun@pbs!rot-20260827-bbbbbb", Duration.ofDays(3), TokenOutcome.OLD_NOT_REVOKED,
              "edgerun@pbs!rot-20261124-cccccc", NOT_REVOKED_WHY));

  /**
   * store-0001: PVE rotated, PBS not due; store-0002: PVE kept its old token (it never expires),
   * PBS switched but the old token not deleted; store-0003: not checked. Only {@code stores} (all
   * when empty); a dry run would rotate what is due, --force makes every account due.
   */
  private static List<StoreTokenResult> tokenResults(List<String> stores, boolean force, boolean dryRun) {
    return fleet(stores, TOKEN_ACCOUNTS, TokenAccount::store, a -> tokenResult(a, force, dryRun), StoreTokenResult::new);
  }

  private static AccountRotation tokenResult(TokenAccount a, boolean force, boolean dryRun) {
    String why = force ? "forced" : a.why();
    Instant expire = a.left() == null ? null : FINISHED.plus(a.left());
    if (why == null || dryRun) {
      TokenOutcome outcome = why == null ? TokenOutcome.NOT_DUE : TokenOutcome.WOULD_ROTATE;
      return new AccountRotation(a.account(), outcome, why, a.before(), a.before(), expire, null);
    }
    boolean kept = a.outcome() == TokenOutcome.KEPT_OLD;
    String after = a.after() != null ? a.after() : a.before().substring(0, a.before().indexOf('!')) + "!rot-20261124-f0f0f0";
    return new AccountRotation(a.account(), a.outcome() == TokenOutcome.NOT_DUE ? TokenOutcome.ROTATED : a.outcome(),
        why, a.before(), kept ? a.before() : after, kept ? expire : FINISHED.plus(Duration.ofDays(90)), a.detail());
  }

  /** {@code initiator}'s run {@code runId} of the fixture fleet's {@code stores} (all when empty). */
  static TokenRotationSummary tokenRun(String runId, String initiator, List<String> stores, boolean force, boolean dryRun) {
    return tokenSummary(runId, dryRun, force, initiator, tokenResults(stores, force, dryRun));
  }

  private static TokenRotationSummary tokenSummary(
      String runId, boolean dryRun, boolean force, String initiator, List<StoreTokenResult> stores) {
    return new TokenRotationSummary(runId, dryRun, force, initiator, FINISHED.minusSeconds(700), FINISHED,
        TOKEN_POLICY, stores, runId + "/report.json");
  }

  private static RenewalReason reason(String why) {
    return why.startsWith("expires") ? RenewalReason.EXPIRES_SOON
        : why.startsWith("forced") ? RenewalReason.FORCED : RenewalReason.TOO_OLD;
  }
}
