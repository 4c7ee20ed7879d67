package dev.edgerunbooks.workflows.drdrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.edgerunbooks.workflows.common.TemporalUi;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.FakeStaging;
import dev.edgerunbooks.workflows.staging.GuestProbe;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DrDrillWorkflowTest {
  private static final Duration SITE_RESPONSE = Duration.ofSeconds(2);
  private static final String[][] GUESTS = {
    {"100", "dns", "lxc"}, {"101", "tokenization", "qemu"}, {"102", "inventory", "qemu"}, {"104", "pos", "qemu"}
  };

  private TestWorkflowEnvironment env;
  private FakeStaging staging;
  private final List<StoreDrillReport> written = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    staging = new FakeStaging(Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofHours(5)));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  static StoreDrillPlan plan(String store, DrillTargets targets) {
    List<DrillGuest> order =
        java.util.Arrays.stream(GUESTS)
            .map(
                g ->
                    new DrillGuest(
                        Integer.parseInt(g[0]), g[1], g[1], g[2],
                        new GuestProbe(g[1], List.of("true"), 0, null, "eth0", Duration.ofMinutes(1))))
            .toList();
    return new StoreDrillPlan(
        store,
        new StagingCluster("eu-central"),
        List.of("stg1", "stg2", "stg3"),
        "drill",
        new CephPlan("10.10.10.0/24", "ceph-vm", 3, 2, 128, List.of("/dev/nvme0n1")),
        "vmbr9",
        new BackupSource(store, BackupSource.storageIdFor(store), "127.0.0.1", 8007, "store", "AA:BB", "edgerun@pbs!runbooks"),
        order,
        targets,
        Duration.ofMinutes(45),
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        SITE_RESPONSE);
  }

  static DrillTargets generous() {
    return new DrillTargets(Duration.ofHours(26), Duration.ofHours(4), Map.of(DrillPhase.PROVISION, Duration.ofHours(1)));
  }

  private DrDrillWorkflow start(StoreDrillPlan... plans) {
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(DrDrillWorkflowImpl.class, StoreDrillWorkflowImpl.class);
    central.registerActivitiesImplementations(
        (DrDrillPlanActivities) request -> new DrDrillPlan(List.of(plans)),
        (DrDrillReportActivities)
            report -> {
              written.add(report);
              String base = "reports/dr-drill/x/" + report.storeId();
              return new DrillReportKeys(base + ".json", base + ".md", base + ".json.sig");
            });
    env.newWorker(new StagingCluster("eu-central").taskQueue()).registerActivitiesImplementations(staging);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            DrDrillWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId("dr-drill/2026-11-24/store-0001").build());
  }

  @Test
  void rebuildsTheStoreInPhaseAndBootOrderMeasuresRpoAndRtoAndTearsDown() {
    DrDrillWorkflow workflow = start(plan("store-0001", generous()));

    DrDrillSummary summary = workflow.run(new DrDrillRequest(List.of("store-0001"), false, "alice"));

    StoreDrillOutcome outcome = summary.stores().get(0);
    assertThat(outcome.verdict()).isEqualTo(DrillVerdict.PASSED);
    assertThat(outcome.report().signature()).endsWith(".json.sig");
    StoreDrillReport report = written.get(0);
    assertThat(report.phases()).extracting(PhaseTiming::phase).containsExactly(DrillPhase.values());
    assertThat(report.phases()).allMatch(p -> p.failure() == null && p.took().compareTo(Duration.ZERO) > 0);
    // RTO runs from the start of provisioning to the end of the restore phase, teardown excluded
    PhaseTiming restore = report.phases().get(DrillPhase.RESTORE.ordinal());
    assertThat(report.rto()).isEqualTo(Duration.between(report.startedAt(), restore.end()));
    assertThat(report.rtoMet()).isTrue();
    assertThat(report.worstRpo().toMinutes()).isCloseTo(300, within(2L));
    assertThat(report.rpoMet()).isTrue();
    assertThat(report.guests()).extracting(DrillGuestResult::name).containsExactly("dns", "tokenization", "inventory", "pos");
    assertThat(report.guests()).allMatch(DrillGuestResult::passed);
    for (int i = 1; i < report.guests().size(); i++) {
      assertThat(report.guests().get(i).readyAfter()).isGreaterThan(report.guests().get(i - 1).readyAfter());
    }
    assertThat(staging.calls)
        .containsSubsequence(
            "provision stg1", "createCluster drill on stg1", "join stg2 via stg1", "join stg3 via stg1",
            "bridge vmbr9 on stg3", "initCeph 10.10.10.0/24", "mon+mgr stg1", "mon+mgr stg3", "osds stg3 [/dev/nvme0n1]",
            "pool ceph-vm size 3", "cephHealthy", "ensureBackupStorage pbs-store-0001", "checkReady ceph-vm vmbr9",
            "restore store-0001/100 -> 100 on ceph-vm", "isolate 100 vmbr9", "start 100", "awaitBoot 100", "probe 100 dns",
            "restore store-0001/101 -> 101 on ceph-vm", "restore store-0001/102 -> 102 on ceph-vm",
            "restore store-0001/104 -> 104 on ceph-vm", "probe 104 pos",
            "destroy 104", "destroy 102", "destroy 101", "destroy 100", "removeStorage pbs-store-0001");
    assertThat(report.tornDown()).isTrue();
    assertThat(staging.guests()).isEmpty();
  }

  @Test
  void aGuestThatDoesNotBootStopsTheOrderAndTheClusterIsStillTornDown() {
    staging.noBoot.add("store-0001/101");
    DrDrillWorkflow workflow = start(plan("store-0001", generous()));

    StoreDrillOutcome outcome = workflow.run(new DrDrillRequest(List.of("store-0001"), false, "alice")).stores().get(0);

    assertThat(outcome.verdict()).isEqualTo(DrillVerdict.FAILED);
    assertThat(outcome.failure()).startsWith("RESTORE: tokenization").contains("NO_BOOT");
    StoreDrillReport report = written.get(0);
    assertThat(report.rto()).isNull();
    assertThat(report.guests()).extracting(DrillGuestResult::passed).containsExactly(true, false, false, false);
    assertThat(report.guests().get(2).failure()).isEqualTo("not restored: depends on tokenization (tokenization, VMID 101)");
    assertThat(staging.calls).noneMatch(c -> c.startsWith("restore store-0001/102"));
    assertThat(report.tornDown()).isTrue();
    assertThat(staging.guests()).isEmpty();
  }

  @Test
  void missedTargetsAreReportedWithTheValuesJudged() {
    DrillTargets strict = new DrillTargets(Duration.ofHours(1), Duration.ofHours(4), Map.of(DrillPhase.CEPH, Duration.ofMillis(1)));
    DrDrillWorkflow workflow = start(plan("store-0001", strict));

    StoreDrillOutcome outcome = workflow.run(new DrDrillRequest(List.of("store-0001"), false, "alice")).stores().get(0);

    assertThat(outcome.verdict()).isEqualTo(DrillVerdict.TARGETS_MISSED);
    StoreDrillReport report = written.get(0);
    assertThat(report.rpoMet()).isFalse();
    assertThat(report.rpoTarget()).isEqualTo(Duration.ofHours(1));
    assertThat(report.rtoMet()).isTrue();
    PhaseTiming ceph = report.phases().get(DrillPhase.CEPH.ordinal());
    assertThat(ceph.met()).isFalse();
    assertThat(ceph.target()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void cancellingMidDrillTearsDownAndStillWritesTheReport() throws Exception {
    staging.holdRestores = new CountDownLatch(1);
    DrDrillWorkflow workflow = start(plan("store-0001", generous()));
    WorkflowClient.start(workflow::run, new DrDrillRequest(List.of("store-0001"), false, "alice"));
    CountDownLatch firstRestore = staging.restoresStarted;
    while (firstRestore.getCount() > 1) {
      Thread.sleep(20);
    }
    // what the Temporal UI shows while the first guest restores
    String lease = new StagingCluster("eu-central").leaseWorkflowId();
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), "dr-drill/2026-11-24/store-0001"))
        .isEqualTo("**drilling** · 0/1 stores done\n\nin flight: " + lease);
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), lease))
        .startsWith("**DR drill of store-0001 on " + new StagingCluster("eu-central").siteId() + ": restore** · 0/")
        .endsWith("guests done\n\nstep: restore and start dns (dns, VMID 100)");

    WorkflowStub.fromTyped(workflow).cancel();
    staging.holdRestores.countDown();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(DrDrillSummary.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(written).hasSize(1);
    StoreDrillReport report = written.get(0);
    assertThat(report.verdict()).isEqualTo(DrillVerdict.CANCELLED);
    assertThat(report.failure()).contains("was cancelled during: restore and start dns");
    assertThat(report.tornDown()).isTrue();
    assertThat(staging.calls).contains("destroy 100", "removeStorage pbs-store-0001");
    assertThat(staging.guests()).isEmpty();
  }

  @Test
  void aDryRunReturnsThePlanAndTouchesNothing() {
    DrDrillWorkflow workflow = start(plan("store-0001", generous()));

    DrDrillSummary summary = workflow.run(new DrDrillRequest(List.of("store-0001"), true, "alice"));

    assertThat(summary.dryRun()).isTrue();
    assertThat(summary.plan().stores().get(0).bootOrder()).extracting(DrillGuest::name)
        .containsExactly("dns", "tokenization", "inventory", "pos");
    assertThat(staging.calls).isEmpty();
    assertThat(written).isEmpty();
  }
}
