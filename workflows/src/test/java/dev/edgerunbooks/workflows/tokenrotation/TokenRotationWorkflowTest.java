package dev.edgerunbooks.workflows.tokenrotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.common.TemporalUi;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenRotationWorkflowTest {
  static final TokenPolicy POLICY = new TokenPolicy(Duration.ofDays(90), Duration.ofDays(30), Duration.ofMinutes(10), 5);
  private TestWorkflowEnvironment env;
  private TokenFakes.Site site;
  private final TokenFakes.Reports reports = new TokenFakes.Reports();
  private Instant start;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    site = new TokenFakes.Site(env);
    start = Instant.ofEpochMilli(env.currentTimeMillis());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  static TokenRotationWorkflow start(TestWorkflowEnvironment env, TokenFakes.Site site, TokenRotationReportActivities reports,
      String workflowId) {
    TokenStore store = new TokenStore("store-0001", List.of(ApiAccount.PVE, ApiAccount.PBS), Duration.ofSeconds(30));
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(TokenRotationWorkflowImpl.class, StoreTokenRotationWorkflowImpl.class);
    central.registerActivitiesImplementations(new TokenFakes.Planner(new TokenRotationPlan(POLICY, List.of(store))), reports);
    env.newWorker(TaskQueues.site("store-0001")).registerActivitiesImplementations(site);
    env.start();
    return env.getWorkflowClient().newWorkflowStub(TokenRotationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(workflowId).build());
  }

  private TokenRotationSummary run(boolean force, boolean dryRun) {
    return start(env, site, reports, "token-rotation/test").run(new TokenRotationRequest(List.of(), force, dryRun, "alice"));
  }

  private AccountRotation account(TokenRotationSummary summary, ApiAccount account) {
    return summary.stores().get(0).accounts().stream().filter(a -> a.account() == account).findFirst().orElseThrow();
  }

  @Test
  void rotatesEachAccountAndDeletesTheOldTokenOnlyAfterTheGracePeriodAndTheWorkersUseTheNewOne() {
    TokenRotationSummary summary = run(false, false);

    AccountRotation pve = account(summary, ApiAccount.PVE);
    assertThat(pve.outcome()).isEqualTo(TokenOutcome.ROTATED);
    assertThat(pve.why()).isEqualTo("it never expires");
    assertThat(pve.previousTokenId()).isEqualTo("edgerun@pve!runbooks");
    assertThat(pve.tokenId()).matches("edgerun@pve!rot-\\d{8}-[0-9a-f]{6}");
    assertThat(pve.expire()).isBetween(start.plus(Duration.ofDays(90)).minusSeconds(1), start.plus(Duration.ofDays(90)).plus(Duration.ofMinutes(1)));
    assertThat(site.tokens.get(ApiAccount.PVE)).containsOnlyKeys(pve.tokenId());
    assertThat(site.tokens.get(ApiAccount.PBS)).containsOnlyKeys(account(summary, ApiAccount.PBS).tokenId());
    assertThat(site.calls).containsSubsequence("create PVE", "grant PVE", "verify PVE", "promote PVE", "create PBS", "promote PBS",
        "inUse PVE", "revoke PVE edgerun@pve!runbooks", "inUse PBS", "revoke PBS edgerun@pbs!runbooks");
    assertThat(Duration.between(site.at.get("promote PBS"), site.at.get("revoke PVE edgerun@pve!runbooks")))
        .isGreaterThanOrEqualTo(POLICY.grace());
    assertThat(summary.count(TokenOutcome.ROTATED)).isEqualTo(2);
    assertThat(reports.written).hasSize(1);
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), "token-rotation/test/store-0001"))
        .isEqualTo("**token rotation of store-0001: done**\n\ntokens: 2 rotated");
  }

  @Test
  void aNewTokenThatDoesNotWorkIsDeletedAndTheOldOneStays() {
    site.failing.add("verify");

    TokenRotationSummary summary = run(false, false);

    AccountRotation pve = account(summary, ApiAccount.PVE);
    assertThat(pve.outcome()).isEqualTo(TokenOutcome.KEPT_OLD);
    assertThat(pve.tokenId()).isEqualTo("edgerun@pve!runbooks");
    assertThat(pve.detail()).contains("verifying", "verify refused", "is deleted");
    assertThat(site.tokens.get(ApiAccount.PVE)).containsOnlyKeys("edgerun@pve!runbooks");
    assertThat(site.inVault.get(ApiAccount.PVE)).isEqualTo("edgerun@pve!runbooks");
    assertThat(site.calls).noneMatch(c -> c.startsWith("promote") || c.startsWith("inUse"));
  }

  @Test
  void aFailedSwitchInVaultKeepsBothTokens() {
    site.failing.add("promote");

    TokenRotationSummary summary = run(false, false);

    AccountRotation pve = account(summary, ApiAccount.PVE);
    assertThat(pve.outcome()).isEqualTo(TokenOutcome.KEPT_OLD);
    assertThat(pve.detail()).contains("left in place");
    assertThat(site.tokens.get(ApiAccount.PVE)).hasSize(2).containsKey("edgerun@pve!runbooks");
  }

  @Test
  void aWorkerStillOnTheOldTokenAfterTheGraceKeepsIt() {
    site.staleWorker = true;

    TokenRotationSummary summary = run(false, false);

    AccountRotation pve = account(summary, ApiAccount.PVE);
    assertThat(pve.outcome()).isEqualTo(TokenOutcome.OLD_NOT_REVOKED);
    assertThat(pve.detail()).contains("still uses edgerun@pve!runbooks");
    assertThat(site.tokens.get(ApiAccount.PVE)).containsKey("edgerun@pve!runbooks");
  }

  @Test
  void leftoversOfAnEarlierRunAreRemovedButOtherTokensAreOnlyReported() {
    site.tokens.get(ApiAccount.PVE).put("edgerun@pve!rot-20260101-abcdef", null);
    site.tokens.get(ApiAccount.PVE).put("edgerun@pve!human", null);

    TokenRotationSummary summary = run(false, false);

    AccountRotation pve = account(summary, ApiAccount.PVE);
    assertThat(site.tokens.get(ApiAccount.PVE)).containsOnlyKeys(pve.tokenId(), "edgerun@pve!human");
    assertThat(pve.detail()).contains("edgerun@pve!human");
  }

  @Test
  void notDueTokensAreLeftAloneAndADryRunChangesNothing() {
    Instant later = start.plus(Duration.ofDays(60));
    site.tokens.get(ApiAccount.PVE).put("edgerun@pve!runbooks", later);
    site.tokens.get(ApiAccount.PBS).put("edgerun@pbs!runbooks", start.plus(Duration.ofDays(10)));

    TokenRotationSummary summary = run(false, true);

    assertThat(account(summary, ApiAccount.PVE).outcome()).isEqualTo(TokenOutcome.NOT_DUE);
    assertThat(account(summary, ApiAccount.PBS).outcome()).isEqualTo(TokenOutcome.WOULD_ROTATE);
    assertThat(account(summary, ApiAccount.PBS).why()).startsWith("it expires in 9 days");
    assertThat(site.calls).containsExactly("inspect");
  }
}
