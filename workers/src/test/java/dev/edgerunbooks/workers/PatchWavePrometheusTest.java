package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.edgerunbooks.activities.patch.BundleStore;
import dev.edgerunbooks.activities.patch.HealthGateActivitiesImpl;
import dev.edgerunbooks.activities.patch.HealthGateActivitiesImpl.GateFile;
import dev.edgerunbooks.activities.patch.PromQlSloSource;
import dev.edgerunbooks.activities.patch.SloSource;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.patch.GateVerdict;
import dev.edgerunbooks.workflows.patch.MetricJudgement;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.PatchWaveStatus;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.StoreJudgement;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The PromQL health gate against a real Prometheus: a child process scrapes the lab's admin
 * {@code /metrics} every second (the lab labels every series with its store), and the gate reads
 * the stores' SLOs from it with {@code avg_over_time}. A bad bundle's canary is judged on what
 * Prometheus recorded and rolled back; a good bundle passes the same gate and completes.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@ActiveProfiles("embedded")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class PatchWavePrometheusTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final int STORES = 10;
  private static final String OLD = "2026.11.0";
  private static final List<String> CANARY = List.of("store-0001", "store-0002");
  private static final double TTFB_LIMIT = 0.5;
  private static final int LAB_ADMIN_PORT = EndToEnd.freePort();
  private static final Path RUNBOOKS = EndToEnd.runbooksCopy();
  private static PrometheusProcess prometheus;

  @BeforeAll
  static void prometheusInstalled() {
    PrometheusProcess.assumeInstalled();
  }

  @DynamicPropertySource
  static void embeddedScrapedByPrometheus(DynamicPropertyRegistry registry) {
    EndToEnd.writePatchWavePlan(
        RUNBOOKS,
        8,
        10,
        "{name: canary, stores: [store-0001, store-0002], concurrency: 2, maxFailures: 2, soak: 5s}",
        "{name: rest, size: rest, concurrency: 8, maxFailures: 8, soak: 3s}");
    prometheus = PrometheusProcess.start("127.0.0.1:" + LAB_ADMIN_PORT);
    E2E.embeddedOnFreePorts(registry, STORES, RUNBOOKS, LAB_ADMIN_PORT);
    registry.add("edge.patch.prometheus-url", () -> prometheus.url().toString());
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Autowired Lab lab;
  @Autowired WorkflowClient client;
  @Autowired AuditBucket bucket;
  @Autowired SloSource slos;

  @BeforeEach
  void prometheusHasScrapedEveryStore() {
    assertThat(slos).as("the gate's SLO source").isInstanceOf(PromQlSloSource.class);
    EndToEnd.await(
        "Prometheus to have scraped the ttfb of every store\n" + prometheus.log(),
        Duration.ofSeconds(30),
        () -> prometheus.query("edge_ttfb_p95_seconds{job=\"edge-lab\",store=~\"store-.*\"}", null).size() >= STORES);
  }

  private void publish(String version) {
    byte[] manifest =
        ("{\"version\":\"" + version + "\",\"hostPackages\":{},\"guestWorkloads\":{\"pos\":\"4.2.0\",\"web\":\"7.1.0\"}}")
            .getBytes(StandardCharsets.UTF_8);
    new BundleStore(bucket).publish(manifest, BundleCommand.labKey());
  }

  private PatchWaveSummary run(String bundle) {
    return client
        .newWorkflowStub(
            PatchWaveWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId("patch-wave/" + bundle).build())
        .run(PatchWaveRequest.of(bundle, "alice", false, List.of()));
  }

  private GateFile gate(String bundle, int wave) throws Exception {
    return bucket.getJson(HealthGateActivitiesImpl.gateKey(bundle, wave), GateFile.class)
        .orElseThrow(() -> new AssertionError("no gate file for wave " + wave + " of " + bundle));
  }

  private List<String> runningBundles(String store) {
    return lab.inspect(store).guests().stream().map(LabInspection.GuestInfo::runningBundle).distinct().toList();
  }

  private static MetricJudgement ttfb(StoreJudgement store) {
    return store.metrics().stream()
        .filter(m -> m.metric() == SloMetric.TTFB_P95)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ttfb judged for " + store.storeId()));
  }

  /**
   * The value the gate judged is what Prometheus recorded: the store's ttfb averaged over the gate's
   * window, queried again here (a scrape landing in between may move it a little), from two samples up.
   */
  private void judgedFromPrometheus(GateFile gate, StoreJudgement store) {
    long seconds = Math.max(1, Duration.between(gate.from(), gate.to()).toSeconds());
    String selector = "edge_ttfb_p95_seconds{store=\"" + store.storeId() + "\"}[" + seconds + "s]";
    Double samples = prometheus.value("count_over_time(" + selector + ")", gate.to());
    Double average = prometheus.value("avg_over_time(" + selector + ")", gate.to());
    assertThat(samples).as(store.storeId() + ": Prometheus' samples in the soak window").isNotNull().isGreaterThanOrEqualTo(2.0);
    assertThat(ttfb(store).value()).as(store.storeId() + ": the ttfb judged, against Prometheus' average")
        .isCloseTo(average, within(0.1 * average));
  }

  @Test
  @Order(1)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aBadBundleHaltsAtTheCanaryGateOnWhatPrometheusRecordedAndTheCanaryIsRolledBack() throws Exception {
    lab.badBundle("2026.12.0", true);
    publish("2026.12.0");

    PatchWaveSummary summary = run("2026.12.0");

    assertThat(summary.status()).as(summary.reason()).isEqualTo(PatchWaveStatus.HALTED);
    assertThat(summary.waves().get(0).gate().verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(summary.waves().get(0).rolledBackAfterGate()).isEqualTo(CANARY.size());

    GateFile gate = gate("2026.12.0", 0);
    assertThat(gate.decision().verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(gate.stores()).extracting(StoreJudgement::storeId).containsExactlyInAnyOrderElementsOf(CANARY);
    for (StoreJudgement store : gate.stores()) {
      assertThat(store.verdict()).as(store.storeId()).isEqualTo(GateVerdict.FAIL);
      assertThat(store.metrics()).as(store.storeId() + ": every SLO has a value").allSatisfy(m -> assertThat(m.value()).isNotNull());
      MetricJudgement ttfb = ttfb(store);
      assertThat(ttfb.value()).as(store.storeId() + ": degraded ttfb").isGreaterThan(TTFB_LIMIT);
      assertThat(ttfb.ownBaseline()).as(store.storeId() + ": ttfb before the change").isNotNull().isLessThan(TTFB_LIMIT);
      assertThat(ttfb.peerBaseline()).as(store.storeId() + ": the peers' ttfb").isNotNull().isLessThan(TTFB_LIMIT);
      assertThat(ttfb.verdict()).isEqualTo(GateVerdict.FAIL);
      judgedFromPrometheus(gate, store);
    }
    assertThat(gate.peers()).as("peers read from Prometheus").hasSize(STORES - CANARY.size())
        .allSatisfy(p -> assertThat(p.values()).containsKey(SloMetric.TTFB_P95));

    for (String store : CANARY) {
      assertThat(runningBundles(store)).as(store + " back on its bundle").containsExactly(OLD);
      assertThat(lab.operations(store).count("rollback")).as(store).isPositive();
    }
    assertThat(lab.storeIds().stream().filter(s -> !CANARY.contains(s)))
        .allSatisfy(s -> assertThat(runningBundles(s)).as(s + " untouched").containsExactly(OLD));
  }

  @Test
  @Order(2)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aGoodBundlePassesTheCanaryGateOnWhatPrometheusRecordedAndCompletes() throws Exception {
    publish("2026.12.1");

    PatchWaveSummary summary = run("2026.12.1");

    assertThat(summary.status()).as(summary.reason() + " " + summary.problems()).isEqualTo(PatchWaveStatus.COMPLETED);
    assertThat(summary.waves().get(0).gate().verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(summary.waves()).extracting(w -> w.patched()).containsExactly(CANARY.size(), STORES - CANARY.size());

    GateFile gate = gate("2026.12.1", 0);
    assertThat(gate.stores()).extracting(StoreJudgement::storeId).containsExactlyInAnyOrderElementsOf(CANARY);
    for (StoreJudgement store : gate.stores()) {
      assertThat(store.verdict()).as(store.storeId()).isEqualTo(GateVerdict.PASS);
      assertThat(ttfb(store).value()).as(store.storeId() + ": ttfb on the good bundle").isNotNull().isLessThan(TTFB_LIMIT);
      judgedFromPrometheus(gate, store);
    }
    assertThat(gate.peers()).extracting(StoreSlo::storeId).hasSize(STORES - CANARY.size());
    for (String store : lab.storeIds()) {
      assertThat(runningBundles(store)).as(store).containsExactly("2026.12.1");
    }
  }
}
