package dev.edgerunbooks.workflows.tokenrotation;

import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A scripted store for token rotation: a token registry per account and the step that fails. */
final class TokenFakes {
  private TokenFakes() {}

  static final class Planner implements TokenRotationPlanActivities {
    final TokenRotationPlan plan;

    Planner(TokenRotationPlan plan) {
      this.plan = plan;
    }

    @Override
    public TokenRotationPlan plan(TokenRotationRequest request) {
      return plan;
    }
  }

  static final class Reports implements TokenRotationReportActivities {
    final List<TokenRotationSummary> written = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String write(TokenRotationSummary summary) {
      written.add(summary);
      return summary.runId() + "/report.json";
    }
  }

  static final class Site implements StoreTokenActivities {
    final TestWorkflowEnvironment env;
    /** Per account: token id → expiry (null: never). */
    final Map<ApiAccount, Map<String, Instant>> tokens = new LinkedHashMap<>();
    final Map<ApiAccount, String> inVault = new LinkedHashMap<>();
    /** Steps that fail: a kind ({@code verify}) or a kind and account ({@code verify PBS}). */
    final Set<String> failing = new HashSet<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Instant> at = new LinkedHashMap<>();
    /** When set, the worker keeps using the old token whatever Vault says. */
    boolean staleWorker;

    Site(TestWorkflowEnvironment env) {
      this.env = env;
      tokens.put(ApiAccount.PVE, new LinkedHashMap<>());
      tokens.get(ApiAccount.PVE).put("edgerun@pve!runbooks", null);
      tokens.put(ApiAccount.PBS, new LinkedHashMap<>());
      tokens.get(ApiAccount.PBS).put("edgerun@pbs!runbooks", null);
      inVault.put(ApiAccount.PVE, "edgerun@pve!runbooks");
      inVault.put(ApiAccount.PBS, "edgerun@pbs!runbooks");
    }

    private void step(String name) {
      calls.add(name);
      at.put(name, Instant.ofEpochMilli(env.currentTimeMillis()));
      String kind = name.substring(0, name.indexOf(' '));
      if (failing.contains(kind) || failing.contains(name)) throw ApplicationFailure.newNonRetryableFailure(kind + " refused", "TokenNotWorking");
    }

    @Override
    public synchronized List<AccountToken> inspect(String storeId) {
      calls.add("inspect");
      List<AccountToken> out = new ArrayList<>();
      tokens.forEach((account, ids) -> {
        String used = inVault.get(account);
        List<String> others = ids.keySet().stream().filter(id -> !id.equals(used)).toList();
        out.add(new AccountToken(account, used, ids.get(used), others));
      });
      return out;
    }

    @Override
    public synchronized String create(String storeId, ApiAccount account, String name, Instant expire) {
      String user = account == ApiAccount.PVE ? "edgerun@pve" : "edgerun@pbs";
      step("create " + account);
      tokens.get(account).put(user + "!" + name, expire);
      return user + "!" + name;
    }

    @Override
    public void grantAcl(String storeId, ApiAccount account, String tokenId, String fromTokenId) {
      step("grant " + account);
    }

    @Override
    public void verify(String storeId, ApiAccount account, String tokenId) {
      step("verify " + account);
    }

    @Override
    public synchronized void promote(String storeId, ApiAccount account, String tokenId) {
      step("promote " + account);
      inVault.put(account, tokenId);
    }

    @Override
    public synchronized String inUse(String storeId, ApiAccount account) {
      step("inUse " + account);
      return staleWorker ? tokens.get(account).keySet().iterator().next() : inVault.get(account);
    }

    @Override
    public synchronized void revoke(String storeId, ApiAccount account, String tokenId) {
      step("revoke " + account + " " + tokenId);
      tokens.get(account).remove(tokenId);
    }

    @Override
    public synchronized List<String> validTokens(String storeId, ApiAccount account) {
      return List.copyOf(tokens.get(account).keySet());
    }
  }
}
