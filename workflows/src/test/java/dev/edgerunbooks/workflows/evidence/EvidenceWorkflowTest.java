package dev.edgerunbooks.workflows.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.common.TemporalUi;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvidenceWorkflowTest {
  private TestWorkflowEnvironment env;
  private final EvidenceFakes.Reports reports = new EvidenceFakes.Reports();
  private EvidenceFakes.Planner planner;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    EvidenceFakes.Site.maxInFlight.set(0);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  static List<String> stores(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> String.format("store-%04d", i)).toList();
  }

  static void register(TestWorkflowEnvironment env, EvidencePlanActivities planner, EvidenceReportActivities reports,
      List<String> fleet, Set<String> withoutWorker) {
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(EvidenceWorkflowImpl.class, StoreEvidenceWorkflowImpl.class);
    central.registerActivitiesImplementations(planner, reports);
    for (String id : fleet) {
      if (!withoutWorker.contains(id)) {
        env.newWorker(TaskQueues.site(id)).registerActivitiesImplementations(new EvidenceFakes.Site());
      }
    }
  }

  private EvidenceSummary run(List<String> fleet, Set<String> withoutWorker, EvidenceRequest request) {
    planner = new EvidenceFakes.Planner(fleet);
    register(env, planner, reports, fleet, withoutWorker);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(EvidenceWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId("evidence/test").build())
        .run(request);
  }

  @Test
  void collectsEveryStoreWithBoundedConcurrencyAndWritesOneDay() {
    List<String> fleet = stores(6);

    EvidenceSummary summary = run(fleet, Set.of(), new EvidenceRequest("2026-11-24", List.of(), 2, false, "alice"));

    assertThat(summary.collected()).isEqualTo(6);
    assertThat(summary.failures()).isEmpty();
    assertThat(EvidenceFakes.Site.maxInFlight.get()).isBetween(1, 2);
    assertThat(reports.stored).extracting(StoreSnapshot::storeId).containsExactlyInAnyOrderElementsOf(fleet);
    assertThat(reports.days).hasSize(1);
    EvidenceDayInput day = reports.days.get(0);
    assertThat(day.stores()).extracting(StoreRoot::storeId).containsExactlyElementsOf(fleet);
    assertThat(day.stores()).extracting(StoreRoot::root).allMatch(r -> r.startsWith("root-of-store-"));
    assertThat(day.requestedBy()).isEqualTo("alice");
    assertThat(day.runs()).extracting(RunSummary::workflowId).containsExactly("restore-test/2026-W48");
    assertThat(reports.runsAsked).containsExactly("2026-11-24");
    assertThat(summary.day().key()).isEqualTo("audit/edge/2026-11-24.json");
    assertThat(summary.runs()).isEqualTo(1);
  }

  @Test
  void aStoreThatCannotBeCollectedIsRecordedAndTheDayIsStillWritten() {
    List<String> fleet = stores(3);

    EvidenceSummary summary =
        run(fleet, Set.of("store-0002"), new EvidenceRequest("2026-11-24", List.of(), 4, false, "alice"));

    assertThat(summary.collected()).isEqualTo(2);
    assertThat(summary.failures()).singleElement().asString().startsWith("store-0002: ").contains("store-0002");
    StoreRoot missing = reports.days.get(0).stores().get(1);
    assertThat(missing.collected()).isFalse();
    assertThat(missing.root()).isNull();
    assertThat(reports.stored).extracting(StoreSnapshot::storeId).doesNotContain("store-0002");
    // what the Temporal UI shows of the finished run and of a store's part
    assertThat(TemporalUi.currentDetails(env.getWorkflowClient(), "evidence/test"))
        .isEqualTo("**done 2026-11-24** · 3/3 stores done\n\n1 not collected");
    assertThat(TemporalUi.summary(env.getWorkflowClient(), "evidence/test/store-0002"))
        .isEqualTo("evidence of store-0002 for 2026-11-24");
  }

  @Test
  void theDayDefaultsToTheRunsOwnDayInUtc() {
    // the day the run starts in; read before it, since the test server may skip time once it has ended
    String today = Instant.ofEpochMilli(env.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    run(stores(1), Set.of(), new EvidenceRequest(null, List.of(), 4, false, "schedule:nightly-evidence"));

    assertThat(planner.todays).containsExactly(today);
    assertThat(reports.days.get(0).plan().date()).isEqualTo(today);
  }

  @Test
  void aDryRunReturnsThePlanAndCollectsNothing() {
    EvidenceSummary summary =
        run(stores(3), Set.of(), new EvidenceRequest("2026-11-24", List.of("store-0003"), 4, true, "alice"));

    assertThat(summary.dryRun()).isTrue();
    assertThat(summary.plan().stores()).extracting(StoreEvidencePlan::storeId).containsExactly("store-0003");
    assertThat(summary.plan().wholeFleet()).isFalse();
    assertThat(reports.stored).isEmpty();
    assertThat(reports.days).isEmpty();
  }

  @Test
  void aRefusedRequestFailsBeforeAnyStoreIsAsked() {
    assertThatThrownBy(() -> run(stores(2), Set.of(), new EvidenceRequest("24.11.2026", List.of(), 4, false, "alice")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("not YYYY-MM-DD");
    assertThat(reports.stored).isEmpty();
    assertThat(reports.days).isEmpty();
  }
}
