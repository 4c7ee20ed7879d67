package dev.edgerunbooks.workflows.backupverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.common.TemporalUi;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackupVerifyWorkflowTest {
  // short, because the test server does not skip time while an activity task waits in a queue
  private static final Duration SITE_RESPONSE = Duration.ofSeconds(2);

  private TestWorkflowEnvironment env;
  private Instant lastNight;
  private final Map<String, ScriptedSite> sites = new LinkedHashMap<>();
  private final RecordingReports reports = new RecordingReports();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    lastNight = Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofHours(5));
    ScriptedSite.maxInFlight.set(0);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private ScriptedSite site(String storeId) {
    return sites.computeIfAbsent(storeId, id -> new ScriptedSite(id, lastNight));
  }

  private BackupVerifySummary run(List<String> fleet, Set<String> withoutWorker, BackupVerifyRequest request) {
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(
        BackupVerifyWorkflowImpl.class, StoreBackupVerifyWorkflowImpl.class);
    central.registerActivitiesImplementations(ScriptedPlanner.of(fleet, SITE_RESPONSE), reports);
    for (String id : fleet) {
      if (!withoutWorker.contains(id)) {
        env.newWorker(TaskQueues.site(id)).registerActivitiesImplementations(site(id));
      }
    }
    env.start();
    BackupVerifyWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                BackupVerifyWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.CENTRAL)
                    .setWorkflowId("backup-verify/test")
                    .build());
    return workflow.run(request);
  }

  @Test
  void verifiesUnverifiedSnapshotsAndPassesHealthyStores() {
    List<String> fleet = List.of("store-0001", "store-0002");
    fleet.forEach(this::site);

    BackupVerifySummary summary = run(fleet, Set.of(), new BackupVerifyRequest(List.of(), 0, false, "alice"));

    assertThat(summary.stores()).isEqualTo(2);
    assertThat(summary.passed()).isEqualTo(2);
    assertThat(summary.failures()).isEmpty();
    assertThat(summary.dryRun()).isFalse();
    assertThat(summary.plan()).isEmpty();
    // 100 and 101 were never verified; 104 was, so it is not verified again
    assertThat(site("store-0001").verified)
        .extracting(SnapshotRef::backupId)
        .containsExactlyInAnyOrder("100", "101");
    BackupVerifyReport report = reports.runReports.get(summary.reportKey());
    assertThat(summary.reportKey()).matches("reports/backup-verify/\\d{4}-\\d\\d-\\d\\d/[0-9a-f-]+\\.json");
    assertThat(report.requestedBy()).isEqualTo("alice");
    assertThat(report.storeResults()).extracting(StoreRow::storeId).containsExactly("store-0001", "store-0002");
    StoreRow row = report.storeResults().get(0);
    assertThat(row.guestsPassed()).isEqualTo(3);
    assertThat(row.worstRpo()).isBetween(Duration.ofHours(5), Duration.ofHours(6));
    assertThat(reports.storeResults).containsKey(row.detailKey());
  }

  @Test
  void namesEveryProblemAndGoesOnWithTheOtherStores() {
    List<String> fleet = List.of("store-0001", "store-0002", "store-0003", "store-0004", "store-0005");
    fleet.forEach(this::site);
    site("store-0001").corrupt.add(101);
    site("store-0002").addGuest(102, "inventory-api", "qemu", lastNight.minus(Duration.ofDays(2)), "ok");
    site("store-0003").guests.remove(104);
    site("store-0003").addGuest(105, "monitoring", "lxc", null, "none");
    site("store-0004").offsite = new OffsiteCopy("offsite-s3", "ok", lastNight.minus(Duration.ofDays(3)));

    BackupVerifySummary summary =
        run(fleet, Set.of("store-0005"), new BackupVerifyRequest(List.of(), 2, false, "scheduler"));

    assertThat(summary.passed()).isZero();
    assertThat(summary.failed()).isEqualTo(4);
    assertThat(summary.unreachable()).isEqualTo(1);
    // what the Temporal UI shows of the finished run and of a store's part
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), "backup-verify/test"))
        .isEqualTo("**done** · 5/5 stores done\n\nstores: 4 failed, 1 unreachable");
    assertThat(TemporalUi.summary(env.getWorkflowClient(), "backup-verify/test/store-0005"))
        .isEqualTo("backup verification of store-0005");
    assertThat(summary.failures())
        .extracting(VerifyFailure::storeId, VerifyFailure::vmid, VerifyFailure::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("store-0001", 101, FailureKind.VERIFY_FAILED),
            org.assertj.core.groups.Tuple.tuple("store-0002", 102, FailureKind.RPO_EXCEEDED),
            org.assertj.core.groups.Tuple.tuple("store-0003", 104, FailureKind.GUEST_MISSING),
            org.assertj.core.groups.Tuple.tuple("store-0003", 105, FailureKind.BACKUP_MISSING),
            org.assertj.core.groups.Tuple.tuple("store-0004", null, FailureKind.OFFSITE_COPY_STALE),
            org.assertj.core.groups.Tuple.tuple("store-0005", null, FailureKind.STORE_UNREACHABLE));
    assertThat(reason(summary, "store-0001")).contains("verification failed");
    assertThat(reason(summary, "store-0002")).isEqualTo("newest backup is 53h old, target 26h");
    assertThat(reason(summary, "store-0005")).contains("site-store-0005").contains("did not pick up");
    assertThat(reports.runReports.get(summary.reportKey()).failures()).hasSize(6);
  }

  @Test
  void reportsAStoreWhoseApiCannotBeReachedAsUnreachable() {
    List<String> fleet = List.of("store-0001", "store-0002");
    fleet.forEach(this::site);
    site("store-0002").unreachableReason = "connection refused by https://127.0.0.1:20004";

    BackupVerifySummary summary = run(fleet, Set.of(), new BackupVerifyRequest(List.of(), 0, false, "bob"));

    assertThat(summary.passed()).isEqualTo(1);
    assertThat(summary.unreachable()).isEqualTo(1);
    assertThat(summary.failures()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FailureKind.STORE_UNREACHABLE);
      assertThat(f.reason()).contains("connection refused");
    });
  }

  @Test
  void boundsHowManyStoresRunAtOnce() {
    List<String> fleet = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      fleet.add(String.format("store-%04d", i));
    }
    fleet.forEach(id -> site(id).inspectMillis = 150);

    BackupVerifySummary summary = run(fleet, Set.of(), new BackupVerifyRequest(List.of(), 2, false, "carol"));

    assertThat(summary.passed()).isEqualTo(6);
    assertThat(ScriptedSite.maxInFlight.get()).isEqualTo(2);
  }

  @Test
  void refusesAnUnknownStoreBeforeTouchingAnyStore() {
    List<String> fleet = List.of("store-0001");
    fleet.forEach(this::site);

    assertThatThrownBy(
            () ->
                run(fleet, Set.of(), new BackupVerifyRequest(List.of("store-0001", "store-9999"), 0, false, "dave")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("unknown store store-9999");
    assertThat(site("store-0001").verified).isEmpty();
    assertThat(reports.runReports).isEmpty();
  }

  @Test
  void aDryRunReturnsThePlanAndAsksNoStoreAnything() {
    List<String> fleet = List.of("store-0001", "store-0002", "store-0003");
    fleet.forEach(this::site);

    BackupVerifySummary summary =
        run(fleet, Set.of(), new BackupVerifyRequest(List.of("store-0001", "store-0003"), 0, true, "frank"));

    assertThat(summary.dryRun()).isTrue();
    assertThat(summary.workflowId()).isEqualTo("backup-verify/test");
    assertThat(summary.stores()).isEqualTo(2);
    assertThat(summary.plan()).extracting(StoreVerifyPlan::storeId).containsExactly("store-0001", "store-0003");
    assertThat(summary.plan().get(0).guests())
        .extracting(GuestExpectation::vmid, GuestExpectation::name, GuestExpectation::role, GuestExpectation::rpo)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(100, "dns", "dns", ScriptedPlanner.RPO),
            org.assertj.core.groups.Tuple.tuple(101, "tokenization", "tokenization", ScriptedPlanner.RPO),
            org.assertj.core.groups.Tuple.tuple(104, "pos-gateway", "pos", ScriptedPlanner.RPO));
    assertThat(summary.plan().get(1).siteResponseTimeout()).isEqualTo(SITE_RESPONSE);
    assertThat(summary.passed() + summary.failed() + summary.unreachable()).isZero();
    assertThat(summary.failures()).isEmpty();
    assertThat(summary.reportKey()).isNull();
    // no store was asked anything, no store run started, no report written
    fleet.forEach(id -> assertThat(site(id).calls).as(id).isEmpty());
    assertThat(reports.storeResults).isEmpty();
    assertThat(reports.runReports).isEmpty();
    assertThatThrownBy(
            () -> env.getWorkflowClient().newUntypedWorkflowStub("backup-verify/test/store-0001").describe())
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), "backup-verify/test"))
        .isEqualTo("**dry run done**\n\n2 stores, 6 guests planned; nothing was verified");
  }

  @Test
  void progressQueryCountsStoresAsTheyFinish() {
    List<String> fleet = List.of("store-0001", "store-0002", "store-0003");
    fleet.forEach(id -> site(id).inspectMillis = 300);
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(
        BackupVerifyWorkflowImpl.class, StoreBackupVerifyWorkflowImpl.class);
    central.registerActivitiesImplementations(ScriptedPlanner.of(fleet, SITE_RESPONSE), reports);
    fleet.forEach(id -> env.newWorker(TaskQueues.site(id)).registerActivitiesImplementations(site(id)));
    env.start();
    BackupVerifyWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                BackupVerifyWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId("backup-verify/q").build());
    WorkflowClient.start(workflow::run, new BackupVerifyRequest(List.of(), 1, false, "erin"));
    BackupVerifyProgress first = workflow.progress();
    assertThat(first.done()).isLessThan(3);

    env.getWorkflowClient().newUntypedWorkflowStub("backup-verify/q").getResult(BackupVerifySummary.class);
    BackupVerifyProgress last = workflow.progress();
    assertThat(last.phase()).isEqualTo("done");
    assertThat(last.total()).isEqualTo(3);
    assertThat(last.done()).isEqualTo(3);
    assertThat(last.passed()).isEqualTo(3);
    assertThat(last.running()).isEmpty();
  }

  private static String reason(BackupVerifySummary summary, String storeId) {
    return summary.failures().stream()
        .filter(f -> f.storeId().equals(storeId))
        .map(VerifyFailure::reason)
        .findFirst()
        .orElseThrow();
  }
}
