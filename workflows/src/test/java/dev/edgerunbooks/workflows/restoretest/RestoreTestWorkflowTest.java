package dev.edgerunbooks.workflows.restoretest;

import static dev.edgerunbooks.workflows.restoretest.RestoreTestFixtures.FIRST_VMID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.edgerunbooks.workflows.common.TemporalUi;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.restoretest.RestoreTestFixtures.FixedPlanner;
import dev.edgerunbooks.workflows.restoretest.RestoreTestFixtures.RecordingReports;
import dev.edgerunbooks.workflows.staging.FakeStaging;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestoreTestWorkflowTest {
  private TestWorkflowEnvironment env;
  private FakeStaging staging;
  private final RecordingReports reports = new RecordingReports();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    staging = new FakeStaging(Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofHours(5)));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private FixedPlanner start(RestoreTestPlan plan) {
    FixedPlanner planner = new FixedPlanner(plan);
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(
        RestoreTestWorkflowImpl.class, StagingRestoreWorkflowImpl.class, RestoreGuestWorkflowImpl.class);
    central.registerActivitiesImplementations(planner, reports);
    env.newWorker(new StagingCluster("eu-central").taskQueue()).registerActivitiesImplementations(staging);
    env.start();
    return planner;
  }

  private RestoreTestWorkflow workflow(String id) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            RestoreTestWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(id).build());
  }

  private static RestoreTestRequest request(boolean dryRun) {
    return new RestoreTestRequest(List.of(), "2026-W48", dryRun, "alice");
  }

  private static Map<String, GuestRestoreResult> byKey(List<GuestRestoreResult> results) {
    return results.stream().collect(Collectors.toMap(GuestRestoreResult::key, Function.identity()));
  }

  @Test
  void restoresEveryGuestWithinCapacityMeasuresRpoAndRtoAndLeavesNothingBehind() {
    start(RestoreTestFixtures.plan(2, "store-a", "store-b", "store-c"));

    RestoreTestSummary summary = workflow("restore-test/2026-W48").run(request(false));

    assertThat(summary.total()).isEqualTo(6);
    assertThat(summary.passed()).isEqualTo(6);
    assertThat(summary.failures()).isEmpty();
    assertThat(staging.maxGuestsAtOnce()).isEqualTo(2);
    assertThat(staging.guests()).isEmpty();
    RestoreTestReport report = reports.written.get(0);
    assertThat(report.guests()).hasSize(6);
    for (GuestRestoreResult g : report.guests()) {
      assertThat(g.passed()).isTrue();
      assertThat(g.cleanedUp()).isTrue();
      assertThat(g.stagingVmid()).isBetween(FIRST_VMID, FIRST_VMID + 1);
      assertThat(g.backupAge().toMinutes()).isCloseTo(300, within(2L));
      assertThat(g.restoreTime()).isPositive();
      assertThat(g.bootTime()).isPositive();
      assertThat(g.rto()).isEqualTo(g.restoreTime().plus(g.bootTime()).plus(g.probeTime()));
    }
    // every guest: restore, move to the isolated bridge, start, wait for boot, probe, destroy - in that order
    List<String> firstGuest =
        staging.calls.stream().filter(c -> c.matches("(restore store-a/101 .*|isolate 900\\d .*|start .*|probe .*|destroy .*)")).toList();
    assertThat(firstGuest.get(0)).startsWith("restore store-a/101 -> 9000 on ceph-vm");
    assertThat(staging.calls).containsSubsequence(
        "restore store-a/101 -> 9000 on ceph-vm", "isolate 9000 vmbr9", "start 9000", "awaitBoot 9000", "probe 9000 role-101", "destroy 9000");
    assertThat(summary.reportKey()).startsWith("reports/restore-test/2026-W48/");
  }

  @Test
  void namesEachFailureAndGoesOnWithTheRest() {
    staging.failRestore.add("store-a/101");
    staging.noBoot.add("store-a/102");
    staging.failProbe.add("store-b/101");
    staging.missing.add("store-b/102");
    staging.unverified.add("store-c/101");
    start(RestoreTestFixtures.plan(3, "store-a", "store-b", "store-c"));

    RestoreTestSummary summary = workflow("restore-test/2026-W48").run(request(false));

    assertThat(summary.passed()).isEqualTo(1);
    assertThat(summary.failed()).isEqualTo(5);
    Map<String, GuestRestoreResult> results = byKey(summary.failures());
    assertThat(results.get("store-a/101").failure()).isEqualTo(RestoreFailureKind.RESTORE_FAILED);
    assertThat(results.get("store-a/101").detail()).contains("pbs-restore exit code 255");
    assertThat(results.get("store-a/102").failure()).isEqualTo(RestoreFailureKind.NO_BOOT);
    assertThat(results.get("store-a/102").detail()).contains("did not answer");
    assertThat(results.get("store-b/101").failure()).isEqualTo(RestoreFailureKind.PROBE_FAILED);
    assertThat(results.get("store-b/101").detail()).contains("connection refused");
    assertThat(results.get("store-b/102").failure()).isEqualTo(RestoreFailureKind.BACKUP_MISSING);
    assertThat(results.get("store-c/101").failure()).isEqualTo(RestoreFailureKind.BACKUP_UNVERIFIED);
    assertThat(results.values()).allMatch(GuestRestoreResult::cleanedUp);
    // a guest that never got a usable backup was never restored, so nothing to destroy for it
    assertThat(staging.calls).noneMatch(c -> c.startsWith("restore store-b/102") || c.startsWith("restore store-c/101"));
    assertThat(staging.guests()).isEmpty();
  }

  @Test
  void removesWhatAnEarlierKilledRunLeftInTheReservedRangeFirst() {
    staging.leaveGuest(FIRST_VMID + 7, "qemu");
    start(RestoreTestFixtures.plan(1, "store-a"));

    RestoreTestSummary summary = workflow("restore-test/2026-W48").run(request(false));

    assertThat(summary.passed()).isEqualTo(2);
    assertThat(reports.written.get(0).stagingLeftoversRemoved()).singleElement().asString().contains("VMID 9007");
    assertThat(staging.calls.indexOf("destroy 9007")).isLessThan(staging.calls.indexOf("restore store-a/101 -> 9000 on ceph-vm"));
  }

  @Test
  void aStagingClusterThatIsNotReadyFailsItsGuestsWithoutRestoringAny() {
    staging.notReady = "bridge vmbr9 on stg2 has ports eno1: it is not isolated";
    start(RestoreTestFixtures.plan(2, "store-a"));

    RestoreTestSummary summary = workflow("restore-test/2026-W48").run(request(false));

    assertThat(summary.failed()).isEqualTo(2);
    assertThat(summary.failures())
        .allSatisfy(g -> {
          assertThat(g.failure()).isEqualTo(RestoreFailureKind.STAGING_UNAVAILABLE);
          assertThat(g.detail()).contains("vmbr9 on stg2 has ports");
        });
    assertThat(staging.calls).noneMatch(c -> c.startsWith("restore"));
  }

  @Test
  void aDryRunReturnsThePlanAndTouchesNothing() {
    RestoreTestPlan plan = RestoreTestFixtures.plan(2, "store-a");
    start(plan);

    RestoreTestSummary summary = workflow("restore-test/2026-W48/dry-run").run(request(true));

    assertThat(summary.dryRun()).isTrue();
    assertThat(summary.plan()).isEqualTo(plan);
    assertThat(staging.calls).isEmpty();
    assertThat(reports.written).isEmpty();
  }

  @Test
  void theWeekDefaultsToTheIsoWeekTheRunStartsIn() {
    FixedPlanner planner = start(RestoreTestFixtures.plan(2, "store-a"));

    workflow("restore-test/now").run(new RestoreTestRequest(List.of(), null, true, "schedule"));

    assertThat(planner.weeksAsked)
        .containsExactly(RestoreTestWorkflowImpl.isoWeek(Instant.ofEpochMilli(env.currentTimeMillis())));
    assertThat(RestoreTestWorkflowImpl.isoWeek(Instant.parse("2026-11-24T10:00:00Z"))).isEqualTo("2026-W48");
    assertThat(RestoreTestWorkflowImpl.isoWeek(Instant.parse("2027-01-01T10:00:00Z"))).isEqualTo("2026-W53");
  }

  @Test
  void cancellingMidwayDestroysTheGuestsBeingRestoredAndReportsThem() throws Exception {
    staging.holdRestores = new CountDownLatch(1);
    start(RestoreTestFixtures.plan(2, "store-a", "store-b"));
    RestoreTestWorkflow workflow = workflow("restore-test/2026-W48");
    WorkflowClient.start(workflow::run, request(false));
    assertThat(staging.restoresStarted.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(staging.guests()).hasSize(2);
    // what the Temporal UI shows of the run, its staging cluster and a guest while two restore
    StagingCluster cluster = new StagingCluster("eu-central");
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), "restore-test/2026-W48"))
        .isEqualTo("**restoring** · 0/4 guests done\n\nin flight: " + cluster.leaseWorkflowId());
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), cluster.leaseWorkflowId()))
        .startsWith("**restoring on " + cluster.siteId() + "** · 0/4 guests done\n\nin flight: store-")
        .endsWith("waiting for a free slot: the staging cluster restores 2 at once");

    WorkflowStub.fromTyped(workflow).cancel();
    staging.holdRestores.countDown();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(RestoreTestSummary.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(staging.guests()).isEmpty();
    RestoreTestReport report = reports.written.get(0);
    assertThat(report.guests()).hasSize(4);
    assertThat(report.guests()).allMatch(g -> !g.passed() && g.cleanedUp());
    assertThat(report.guests()).extracting(GuestRestoreResult::failure).containsOnly(RestoreFailureKind.CANCELLED);
  }

  @Test
  void aSecondRunCannotTakeAStagingClusterAnotherRunHolds() throws Exception {
    staging.holdRestores = new CountDownLatch(1);
    start(RestoreTestFixtures.plan(2, "store-a"));
    RestoreTestWorkflow first = workflow("restore-test/2026-W48");
    WorkflowClient.start(first::run, request(false));
    assertThat(staging.restoresStarted.await(20, TimeUnit.SECONDS)).isTrue();

    RestoreTestSummary second = workflow("restore-test/2026-W48-again").run(request(false));
    staging.holdRestores.countDown();

    assertThat(second.failed()).isEqualTo(2);
    assertThat(second.failures())
        .allSatisfy(g -> {
          assertThat(g.failure()).isEqualTo(RestoreFailureKind.STAGING_UNAVAILABLE);
          assertThat(g.detail()).contains("staging/eu-central");
        });
    assertThat(WorkflowStub.fromTyped(first).getResult(RestoreTestSummary.class).passed()).isEqualTo(2);
  }
}
