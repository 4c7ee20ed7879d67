package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.StoreCalendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.TemporalUi;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.patch.PatchFakes.WaveSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PatchWaveWorkflowTest {
  private static final String ID = "patch-wave/" + PatchFakes.NEW;
  TestWorkflowEnvironment env;
  private PatchFakes.Fleet fleet;
  private PatchFakes.Planner planner;
  private PatchFakes.Gates gates;
  private final PatchFakes.Reports reports = new PatchFakes.Reports();

  @AfterEach
  void tearDown() {
    if (fleet != null) fleet.release.countDown();
    if (env != null) env.close();
  }

  private PatchWaveWorkflow start(List<String> ids, PatchWavePlan plan) {
    return start(ids, plan, SearchAttributes.EMPTY);
  }

  private PatchWaveWorkflow start(List<String> ids, PatchWavePlan plan, SearchAttributes attributes) {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributes.ALL.forEach(key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    fleet = new PatchFakes.Fleet(ids);
    planner = new PatchFakes.Planner(plan);
    gates = new PatchFakes.Gates(fleet);
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(PatchWaveWorkflowImpl.class, PatchBatchWorkflowImpl.class, StorePatchWorkflowImpl.class);
    central.registerActivitiesImplementations(planner, gates, reports);
    for (String id : ids) env.newWorker(TaskQueues.site(id)).registerActivitiesImplementations(new PatchFakes.Site(fleet));
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(PatchWaveWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(ID).setTypedSearchAttributes(attributes).build());
  }

  private static PatchWaveRequest request() {
    return PatchWaveRequest.of(PatchFakes.NEW, "alice", false, List.of());
  }

  private static List<WaveSpec> canaryThenTwo() {
    return List.of(new WaveSpec("canary", 2, 1, 1, false), new WaveSpec("wave-1", 4, 2, 2, false), new WaveSpec("rest", 6, 3, 2, false));
  }

  private PatchWaveSummary result() {
    return WorkflowStub.fromTyped(env.getWorkflowClient().newWorkflowStub(PatchWaveWorkflow.class, ID)).getResult(PatchWaveSummary.class);
  }

  private io.temporal.client.WorkflowExecutionDescription describe(String workflowId) {
    return env.getWorkflowClient().newUntypedWorkflowStub(workflowId, java.util.Optional.empty(), java.util.Optional.empty()).describe();
  }

  private void await(PatchWaveWorkflow run, Predicate<PatchWaveProgress> condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.test(run.progress())) {
      if (System.nanoTime() > end) throw new AssertionError("condition not reached: " + run.progress());
      // Skips the test server's time as a blocking getResult would; while a fake activity is held,
      // no time is skipped and this is a real 10 s at most.
      env.sleep(Duration.ofSeconds(10));
    }
  }

  @Test
  void rollsOutWaveByWaveContinuingAsNewAndDropsSnapshotsOfHealthyStores() {
    List<String> ids = PatchFakes.stores(12);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, canaryThenTwo(), StoreCalendar.always(), List.of("bob"), 3));

    PatchWaveSummary summary = run.run(request());

    assertThat(summary.status()).isEqualTo(PatchWaveStatus.COMPLETED);
    assertThat(summary.waves()).extracting(WaveProgress::patched).containsExactly(2, 4, 6);
    assertThat(summary.waves()).extracting(w -> w.gate().verdict()).containsOnly(GateVerdict.PASS);
    assertThat(summary.problems()).isEmpty();
    for (String id : ids) {
      PatchFakes.Store s = fleet.get(id);
      assertThat(s.running).isEqualTo(PatchFakes.NEW);
      assertThat(s.ops("snapshot")).as(id).isEqualTo(1);
      assertThat(s.ops("apply")).as(id).isEqualTo(2);
      assertThat(s.ops("drop")).as(id).isEqualTo(1);
      assertThat(s.ops("rollback")).as(id).isZero();
    }
    assertThat(planner.calls.get()).as("planned once, then carried across continue-as-new").isEqualTo(1);
    assertThat(fleet.maxInChange.get()).isLessThanOrEqualTo(3);
    // the peers of the canary are stores of later waves, never the canary itself
    assertThat(gates.requests.get(0).peers()).isNotEmpty().doesNotContainAnyElementsOf(gates.requests.get(0).stores());
    assertThat(gates.requests.get(2).peers()).as("no store is left unpatched after the last wave").isEmpty();
    assertThat(reports.written).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(PatchWaveStatus.COMPLETED));
  }

  @Test
  void aBadBundleFailsTheCanaryGateRollsTheCanaryBackAndTouchesNoOtherStore() {
    List<String> ids = PatchFakes.stores(10);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("canary", 3, 3, 1, false), new WaveSpec("rest", 7, 3, 2, false)), StoreCalendar.always(), List.of("bob"), 50));
    ids.forEach(id -> fleet.get(id).degradedOnNew = true);

    PatchWaveSummary summary = run.run(request());

    assertThat(summary.status()).isEqualTo(PatchWaveStatus.HALTED);
    assertThat(summary.reason()).contains("canary").contains("failed its gate").contains("rolled back");
    GateDecision gate = summary.waves().get(0).gate();
    assertThat(gate.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(gate.notPassed()).hasSize(3);
    assertThat(gate.notPassed().get(0).metrics()).anySatisfy(m -> {
      assertThat(m.metric()).isEqualTo(SloMetric.TTFB_P95);
      assertThat(m.value()).isEqualTo(0.8);
      assertThat(m.reason()).contains("above the limit");
    });
    for (String id : ids.subList(0, 3)) {
      assertThat(fleet.get(id).running).isEqualTo(PatchFakes.OLD);
      assertThat(fleet.get(id).ops("rollback")).isEqualTo(1);
    }
    for (String id : ids.subList(3, 10)) assertThat(fleet.get(id).touched()).as(id + " untouched").isFalse();
    assertThat(summary.waves().get(0).rolledBackAfterGate()).isEqualTo(3);
    assertThat(summary.problems()).extracting(StorePatchResult::outcome).containsOnly(StorePatchOutcome.ROLLED_BACK);
  }

  @Test
  void theErrorBudgetCountsStoresInFlightSoItIsNeverOvershot() {
    List<String> ids = PatchFakes.stores(8);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("all", 8, 5, 2, false)), StoreCalendar.always(), List.of("bob"), 50));
    ids.forEach(id -> fleet.get(id).failApply = true);

    PatchWaveSummary summary = run.run(request());

    assertThat(summary.status()).isEqualTo(PatchWaveStatus.HALTED);
    assertThat(summary.reason()).contains("error budget spent: 2 of 8 stores failed (budget 2)");
    WaveProgress w = summary.waves().get(0);
    assertThat(w.failed()).isEqualTo(2);
    assertThat(w.notStarted()).isEqualTo(6);
    assertThat(fleet.maxInChange.get()).as("concurrency 5 is capped by the budget of 2").isLessThanOrEqualTo(2);
    assertThat(ids.stream().filter(id -> fleet.get(id).touched()).count()).isEqualTo(2);
  }

  @Test
  void skippedStoresDoNotSpendTheBudgetAndAWaveThatChangedNothingPausesForAHuman() throws Exception {
    List<String> ids = PatchFakes.stores(4);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("canary", 2, 2, 1, false), new WaveSpec("rest", 2, 2, 1, false)), StoreCalendar.always(), List.of("bob"), 50));
    fleet.get("store-001").preflightProblems = List.of("node pve2 is offline");
    fleet.get("store-002").preflightProblems = List.of("Ceph is HEALTH_WARN: OSD_DOWN");
    WorkflowClient.start(run::run, request());

    await(run, p -> p.pausedBecause() != null);
    PatchWaveProgress p = run.progress();
    assertThat(p.pausedBecause()).contains("no store was changed");
    assertThat(p.waves().get(0).skipped()).isEqualTo(2);
    assertThat(p.waves().get(0).failed()).isZero();
    assertThatThrownBy(() -> run.resume(new Intervention("alice", "fine")))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("only an approver of this plan may (bob)");
    run.resume(new Intervention("bob", "the two stores are down for repair"));

    PatchWaveSummary summary = result();
    assertThat(summary.status()).isEqualTo(PatchWaveStatus.COMPLETED);
    assertThat(summary.problems()).extracting(StorePatchResult::detail).anyMatch(d -> d.contains("node pve2 is offline"));
    assertThat(summary.decisions()).anyMatch(d -> d.startsWith("bob accepted the inconclusive gate of wave canary"));
    assertThat(fleet.get("store-001").touched()).isFalse();
  }

  @Test
  void batchesAndStoresCarryTheRunbookBundleWaveAndStoresAcrossContinueAsNew() {
    List<String> ids = PatchFakes.stores(12);
    PatchWaveRequest request = request();
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, canaryThenTwo(), StoreCalendar.always(), List.of("bob"), 3),
        RunAttributes.ofRun("patch-wave", request));

    assertThat(run.run(request).status()).isEqualTo(PatchWaveStatus.COMPLETED);

    SearchAttributes canary = describe("patch-wave/" + PatchFakes.NEW + "/w0/patch-0").getTypedSearchAttributes();
    assertThat(canary.get(RunAttributes.RUNBOOK)).isEqualTo("patch-wave");
    assertThat(canary.get(RunAttributes.BUNDLE)).isEqualTo(PatchFakes.NEW);
    assertThat(canary.get(RunAttributes.WAVE)).isEqualTo("canary");
    assertThat(canary.get(RunAttributes.STORE)).containsExactly(ids.get(0), ids.get(1));
    // the last wave runs in a run continued as new, which keeps the attributes it started with
    SearchAttributes rest = describe("patch-wave/" + PatchFakes.NEW + "/w2/patch-0").getTypedSearchAttributes();
    assertThat(rest.get(RunAttributes.WAVE)).isEqualTo("rest");
    assertThat(rest.get(RunAttributes.BUNDLE)).isEqualTo(PatchFakes.NEW);
    SearchAttributes store = describe("patch/" + PatchFakes.NEW + "/" + ids.get(11)).getTypedSearchAttributes();
    assertThat(store.get(RunAttributes.STORE)).containsExactly(ids.get(11));
    assertThat(store.get(RunAttributes.WAVE)).isEqualTo("rest");
    assertThat(store.get(RunAttributes.RUNBOOK)).isEqualTo("patch-wave");
  }

  @Test
  void aRunStartedWithoutAttributesStartsItsChildrenWithoutThem() {
    List<String> ids = PatchFakes.stores(2);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("canary", 2, 2, 1, false)), StoreCalendar.always(), List.of("bob"), 3));

    assertThat(run.run(request()).status()).isEqualTo(PatchWaveStatus.COMPLETED);

    assertThat(describe("patch-wave/" + PatchFakes.NEW + "/w0/patch-0").getTypedSearchAttributes().size()).isZero();
    assertThat(describe("patch/" + PatchFakes.NEW + "/" + ids.get(0)).getTypedSearchAttributes().size()).isZero();
  }

  @Test
  void approvalIsRequiredFromANamedApproverOtherThanTheInitiator() throws Exception {
    List<String> ids = PatchFakes.stores(3);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("canary", 1, 1, 1, false), new WaveSpec("rest", 2, 2, 1, true)), StoreCalendar.always(), List.of("alice", "bob"), 50));
    WorkflowClient.start(run::run, request());
    await(run, p -> p.awaitingApproval() != null);
    assertThat(run.progress().awaitingApproval()).isEqualTo(1);
    assertThat(fleet.get("store-002").touched()).isFalse();
    String version = PatchFakes.NEW;
    assertThat(WorkflowStub.fromTyped(run).query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class).getCurrentDetails())
        .isEqualTo("**awaiting approval " + version + ", wave 1 of 2** · 0/2 stores of wave rest done\n\nwaiting for approval of wave 1 (rest) by bob");
    assertThat(describe("patch-wave/" + version + "/w0/patch-0").getStaticSummary()).isEqualTo("patch " + version + ", wave 0 (canary), batch 0: 1 stores");
    assertThat(describe("patch/" + version + "/" + ids.get(0)).getStaticSummary()).isEqualTo("patch " + version + " on " + ids.get(0) + ", wave 0");

    assertThatThrownBy(() -> run.approve(new Approval("alice", 1, "lgtm"))).hasStackTraceContaining("alice started this run and cannot approve it");
    assertThatThrownBy(() -> run.approve(new Approval("mallory", 1, ""))).hasStackTraceContaining("mallory is not an approver of this plan (approvers: alice, bob)");
    assertThatThrownBy(() -> run.approve(new Approval("bob", 0, ""))).hasStackTraceContaining("wave 0 is not waiting for approval; wave 1 (rest) is");
    assertThat(run.approve(new Approval("bob", 1, "canary looks good"))).contains("approved by bob");

    PatchWaveSummary summary = result();
    assertThat(summary.status()).isEqualTo(PatchWaveStatus.COMPLETED);
    assertThat(summary.waves().get(1).approvedBy()).isEqualTo("bob");
    assertThat(summary.decisions()).contains("bob approved wave rest: canary looks good");
  }

  /** A canary of one, then a wave of five patched one at a time, started and held while store-003 changes. */
  private PatchWaveWorkflow startWithStore3Held(List<String> ids) throws InterruptedException {
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("canary", 1, 1, 1, false), new WaveSpec("rest", 5, 1, 2, false)), StoreCalendar.always(), List.of("bob"), 50));
    fleet.holdStore = "store-003";
    WorkflowClient.start(run::run, request());
    await(run, p -> fleet.held.getCount() == 0);
    return run;
  }

  @Test
  void abortMidWaveRollsBackTheStoresInFlightAndThoseAlreadyPatched() throws Exception {
    List<String> ids = PatchFakes.stores(6);
    PatchWaveWorkflow run = startWithStore3Held(ids);

    assertThatThrownBy(() -> run.abort(new Intervention("carol", " "))).hasStackTraceContaining("an abort needs a reason");
    run.abort(new Intervention("carol", "POS vendor reports an incident"));
    StorePatchWorkflow held = env.getWorkflowClient().newWorkflowStub(StorePatchWorkflow.class, "patch/" + PatchFakes.NEW + "/store-003");
    await(run, p -> held.step().contains("aborting: POS vendor reports an incident (carol)"));
    fleet.release.countDown();

    PatchWaveSummary summary = result();
    assertThat(summary.status()).isEqualTo(PatchWaveStatus.ABORTED);
    assertThat(summary.reason()).contains("POS vendor reports an incident");
    assertThat(fleet.get("store-001").running).as("the canary passed its gate and keeps the bundle").isEqualTo(PatchFakes.NEW);
    assertThat(fleet.get("store-002").running).as("patched in the aborted wave: rolled back").isEqualTo(PatchFakes.OLD);
    assertThat(fleet.get("store-002").ops("rollback")).isEqualTo(1);
    assertThat(fleet.get("store-003").running).as("in flight: rolled back by its own workflow").isEqualTo(PatchFakes.OLD);
    assertThat(fleet.get("store-003").ops("rollback")).isEqualTo(1);
    for (String id : ids.subList(3, 6)) assertThat(fleet.get(id).ops).as(id).isEmpty();
    assertThat(summary.waves().get(1).aborted()).isEqualTo(4);
    assertThat(summary.problems()).filteredOn(p -> p.storeId().equals("store-003")).singleElement().satisfies(p -> {
      assertThat(p.outcome()).isEqualTo(StorePatchOutcome.ABORTED);
      assertThat(p.detail()).contains("rolled back to " + PatchFakes.OLD);
    });
    assertThat(summary.decisions()).contains("carol aborted: POS vendor reports an incident");
  }

  @Test
  void aCancelFromTheTemporalUiIsAnAbortThatRollsBackAndWritesTheReportBeforeTheRunEndsCancelled() throws Exception {
    List<String> ids = PatchFakes.stores(6);
    PatchWaveWorkflow run = startWithStore3Held(ids);

    WorkflowStub.fromTyped(run).cancel();
    StorePatchWorkflow held = env.getWorkflowClient().newWorkflowStub(StorePatchWorkflow.class, "patch/" + PatchFakes.NEW + "/store-003");
    await(run, p -> held.step().contains("aborting: the run was cancelled (temporal)"));
    fleet.release.countDown();

    assertThatThrownBy(this::result).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(fleet.get("store-001").running).as("the canary passed its gate and keeps the bundle").isEqualTo(PatchFakes.NEW);
    assertThat(fleet.get("store-002").running).as("patched in the cancelled wave: rolled back").isEqualTo(PatchFakes.OLD);
    assertThat(fleet.get("store-003").running).as("in flight: rolled back by its own workflow").isEqualTo(PatchFakes.OLD);
    for (String id : ids.subList(3, 6)) assertThat(fleet.get(id).ops).as(id).isEmpty();
    assertThat(reports.written).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(PatchWaveStatus.ABORTED);
      assertThat(r.reason()).isEqualTo("aborted: the run was cancelled (temporal)");
    });
  }

  @Test
  void aFailedStepAfterAHostUpgradeNeedsAttentionAndHaltsTheWave() {
    List<String> ids = PatchFakes.stores(4);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("all", 4, 1, 3, false)), StoreCalendar.always(), List.of("bob"), 50));
    fleet.get("store-001").hostUpgrade = true;
    fleet.get("store-001").failProbe = true;

    PatchWaveSummary summary = run.run(request());

    assertThat(summary.status()).isEqualTo(PatchWaveStatus.HALTED);
    assertThat(summary.reason()).contains("store-001 needs attention").contains("host packages cannot be rolled back");
    PatchFakes.Store s = fleet.get("store-001");
    assertThat(List.of(s.ops("noout-set"), s.ops("evacuate"), s.ops("upgrade"), s.ops("reboot-node"), s.ops("noout-unset"), s.ops("ceph-ok"), s.ops("return")))
        .containsOnly(1);
    assertThat(s.running).isEqualTo(PatchFakes.OLD);
    assertThat(fleet.get("store-002").touched()).isFalse();
  }

  @Test
  void theDryRunReturnsThePlanAndTouchesNothing() {
    List<String> ids = PatchFakes.stores(5);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, canaryThenTwo(), StoreCalendar.always(), List.of("bob"), 50));

    PatchWaveSummary summary = run.run(PatchWaveRequest.of(PatchFakes.NEW, "alice", true, List.of()));

    assertThat(summary.status()).isEqualTo(PatchWaveStatus.PLANNED);
    assertThat(summary.plan().waves()).extracting(WavePlan::name).containsExactly("canary", "wave-1", "rest");
    assertThat(ids).allSatisfy(id -> assertThat(fleet.get(id).touched()).isFalse());
    assertThat(reports.written).isEmpty();
  }

  @Test
  void aRejectedBundleFailsTheRunBeforeAnyStoreIsTouched() {
    List<String> ids = PatchFakes.stores(3);
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, canaryThenTwo(), StoreCalendar.always(), List.of("bob"), 50));
    planner.refuse = "bundle 2026.12.0: signature does not verify with the pinned key";

    assertThatThrownBy(() -> run.run(request()))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("signature does not verify");
    assertThat(ids).allSatisfy(id -> assertThat(fleet.get(id).touched()).isFalse());
  }

  @Test
  void storesWaitDurablyForTheirWindow() throws Exception {
    List<String> ids = PatchFakes.stores(2);
    // Only Sundays 01:00-03:00 Berlin; the test server's clock starts now, so the wait is days of skipped time.
    StoreCalendar sundays = new StoreCalendar(java.util.Set.of(java.time.DayOfWeek.SUNDAY), java.time.LocalTime.of(1, 0), java.time.LocalTime.of(3, 0), Duration.ofMinutes(30), List.of());
    PatchWaveWorkflow run = start(ids, PatchFakes.plan(ids, List.of(new WaveSpec("all", 2, 2, 1, false)), sundays, List.of("bob"), 50));
    WorkflowClient.start(run::run, request());
    // the test server skips no time while nobody waits for a result: the store waits for Sunday
    String store = "";
    for (int i = 0; i < 100 && !store.contains("window opens"); i++, Thread.sleep(50)) {
      try {
        store = TemporalUi.currentDetails(env.getWorkflowClient(), "patch/" + PatchFakes.NEW + "/store-001");
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        // the batch has not started it yet
      }
    }
    assertThat(store).matches("\\*\\*patch " + java.util.regex.Pattern.quote(PatchFakes.NEW)
        + " on store-001\\*\\*\n\nstep: waiting for its window\n\nwindow opens \\d{4}-\\d\\d-\\d\\d 01:00 Europe/Berlin");

    PatchWaveSummary summary = result();

    assertThat(summary.status()).isEqualTo(PatchWaveStatus.COMPLETED);
    assertThat(fleet.get("store-001").running).isEqualTo(PatchFakes.NEW);
    java.time.ZonedDateTime patchedAt = fleet.get("store-001").appliedAt.atZone(java.time.ZoneId.of("Europe/Berlin"));
    assertThat(patchedAt.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);
    assertThat(patchedAt.getHour()).isBetween(1, 2);
  }
}
