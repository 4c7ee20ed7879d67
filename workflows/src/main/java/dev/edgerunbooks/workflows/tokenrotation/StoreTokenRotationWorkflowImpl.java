package dev.edgerunbooks.workflows.tokenrotation;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.SiteProblem;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

public class StoreTokenRotationWorkflowImpl implements StoreTokenRotationWorkflow {
  /** Tokens this runbook creates are named {@code rot-<yyyyMMdd>-<6 hex>}; only those are ever cleaned up. */
  static final Pattern ROTATED_TOKEN = Pattern.compile(".*!rot-\\d{8}-[0-9a-f]{6}");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private StoreTokenActivities site;
  private String storeId;

  /** An account whose new token is in Vault: its old token goes once the grace period is over. */
  private record Switched(AccountToken old, String tokenId, Instant expire, String why) {}

  @Override
  public StoreTokenResult rotate(StoreTokenInput input) {
    TokenStore store = input.store();
    storeId = store.storeId();
    site = Workflow.newActivityStub(StoreTokenActivities.class,
        ActivityPolicies.site(TaskQueues.site(storeId), store.siteResponseTimeout()));
    List<AccountToken> tokens;
    show("reading the API tokens", null);
    try {
      tokens = site.inspect(storeId);
    } catch (ActivityFailure e) {
      return new StoreTokenResult(storeId, List.of(), SiteProblem.of(storeId, "reading the API tokens", e).detail());
    }
    TokenPolicy policy = input.policy();
    Map<ApiAccount, AccountRotation> results = new LinkedHashMap<>();
    List<Switched> switched = new ArrayList<>();
    for (AccountToken token : tokens) {
      if (!store.accounts().contains(token.account())) continue;
      String why = dueBecause(token, policy, input.force());
      if (why == null) {
        results.put(token.account(), new AccountRotation(token.account(), TokenOutcome.NOT_DUE, null, token.tokenId(),
            token.tokenId(), token.expire(), null));
      } else if (input.dryRun()) {
        results.put(token.account(), new AccountRotation(token.account(), TokenOutcome.WOULD_ROTATE, why, token.tokenId(),
            token.tokenId(), token.expire(), null));
      } else {
        show("rotating the " + token.account() + " token", "due: " + why);
        AccountRotation failed = switchTo(token, policy, why, switched);
        if (failed != null) results.put(token.account(), failed);
      }
    }
    if (!switched.isEmpty()) {
      // one grace period for all accounts: every worker re-reads its credentials well within it
      show("grace period", "the workers use " + String.join(", ", switched.stream().map(Switched::tokenId).toList())
          + "; the old tokens are deleted after " + CurrentDetails.at(now().plus(policy.grace()), ZoneOffset.UTC));
      Workflow.sleep(policy.grace());
      for (Switched s : switched) results.put(s.old().account(), retire(s));
    }
    CurrentDetails.phase("token rotation of " + storeId + ": done")
        .countsOf("tokens", results.values(), AccountRotation::outcome)
        .show();
    return new StoreTokenResult(storeId, new ArrayList<>(results.values()), null);
  }

  private void show(String what, String line) {
    CurrentDetails.phase("token rotation of " + storeId + ": " + what).line(line).show();
  }

  /** Why the token is due, in words; null when it is not. */
  static String dueBecause(AccountToken token, TokenPolicy policy, boolean force) {
    if (force) return "forced";
    if (token.expire() == null) return "it never expires";
    Duration left = Duration.between(now(), token.expire());
    if (left.compareTo(policy.renewBefore()) <= 0) {
      return "it expires in " + left.toDays() + " days (rotate before " + policy.renewBefore().toDays() + " days)";
    }
    return null;
  }

  /**
   * Creates, grants, verifies and switches to a new token. Returns null when the workers were
   * switched to it (it is added to {@code switched}), else the result: the new token deleted, the old
   * one untouched.
   */
  private AccountRotation switchTo(AccountToken old, TokenPolicy policy, String why, List<Switched> switched) {
    ApiAccount account = old.account();
    String user = old.tokenId().substring(0, old.tokenId().indexOf('!'));
    String name = "rot-" + DAY.format(now()) + "-" + Workflow.randomUUID().toString().substring(0, 6);
    String newId = user + "!" + name;
    Instant expire = now().plus(policy.lifetime()).truncatedTo(ChronoUnit.SECONDS);
    String step = "creating " + newId;
    try {
      site.create(storeId, account, name, expire);
      step = "granting " + newId + " the ACL of " + old.tokenId();
      site.grantAcl(storeId, account, newId, old.tokenId());
      step = "verifying " + newId + " against the " + account + " API";
      site.verify(storeId, account, newId);
    } catch (ActivityFailure e) {
      String failure = SiteProblem.of(storeId, step, e).detail();
      return new AccountRotation(account, TokenOutcome.KEPT_OLD, why, old.tokenId(), old.tokenId(), old.expire(),
          failure + "; " + discard(account, newId));
    }
    try {
      site.promote(storeId, account, newId);
    } catch (ActivityFailure e) {
      // Vault may hold the new token already: deleting it could cut the workers off, so both stay valid
      return new AccountRotation(account, TokenOutcome.KEPT_OLD, why, old.tokenId(), old.tokenId(), old.expire(),
          SiteProblem.of(storeId, "switching the workers to " + newId + " in Vault", e).detail()
              + "; " + newId + " is left in place and removed by the next run if unused");
    }
    switched.add(new Switched(old, newId, expire, why));
    return null;
  }

  private String discard(ApiAccount account, String tokenId) {
    try {
      site.revoke(storeId, account, tokenId);
      return tokenId + " is deleted, " + "the old token is still in use";
    } catch (ActivityFailure e) {
      return "deleting " + tokenId + " failed too (" + SiteProblem.of(storeId, "deleting", e).detail()
          + "); the old token is still in use and the next run removes it";
    }
  }

  /** After the grace period: proves the workers use the new token, then deletes the old one and any leftover of ours. */
  private AccountRotation retire(Switched s) {
    ApiAccount account = s.old().account();
    String oldId = s.old().tokenId();
    try {
      String inUse = site.inUse(storeId, account);
      if (!inUse.equals(s.tokenId())) {
        return new AccountRotation(account, TokenOutcome.OLD_NOT_REVOKED, s.why(), oldId, s.tokenId(), s.expire(),
            "after the grace period this store's worker still uses " + inUse + ", so " + oldId + " was not deleted");
      }
      site.revoke(storeId, account, oldId);
      for (String other : s.old().otherTokens()) {
        if (ROTATED_TOKEN.matcher(other).matches() && !other.equals(s.tokenId())) site.revoke(storeId, account, other);
      }
      List<String> alsoValid = new ArrayList<>(site.validTokens(storeId, account));
      alsoValid.remove(s.tokenId());
      return new AccountRotation(account, TokenOutcome.ROTATED, s.why(), oldId, s.tokenId(), s.expire(),
          alsoValid.isEmpty() ? null : "other tokens of the account still valid (not created by this runbook): " + alsoValid);
    } catch (ActivityFailure e) {
      return new AccountRotation(account, TokenOutcome.OLD_NOT_REVOKED, s.why(), oldId, s.tokenId(), s.expire(),
          SiteProblem.of(storeId, "deleting the old token " + oldId, e).detail());
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
