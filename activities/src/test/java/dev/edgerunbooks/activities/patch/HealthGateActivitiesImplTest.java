package dev.edgerunbooks.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.report.S3ProxyFixture;
import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.patch.GateDecision;
import dev.edgerunbooks.workflows.patch.GatePolicy;
import dev.edgerunbooks.workflows.patch.GateRequest;
import dev.edgerunbooks.workflows.patch.GateVerdict;
import dev.edgerunbooks.workflows.patch.NoDataPolicy;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.SloObjective;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate reading the lab stores' metrics endpoints directly, recording to an audit bucket on S3Proxy. */
class HealthGateActivitiesImplTest extends S3ProxyFixture {
  static final Instant FROM = Instant.parse("2026-11-24T10:00:00Z");
  static final Instant TO = FROM.plus(Duration.ofHours(1));
  static final GatePolicy POLICY = new GatePolicy(
      List.of(
          new SloObjective(SloMetric.TTFB_P95, 0.5, 0.5, 1.0),
          new SloObjective(SloMetric.POS_LATENCY, 0.25, 0.5, 1.0),
          new SloObjective(SloMetric.CACHE_HIT_RATIO, 0.8, 0.2, 0.4),
          new SloObjective(SloMetric.WAN_AVAILABILITY, 0.99, 0.01, 0.02),
          new SloObjective(SloMetric.SYNC_BACKLOG, null, 10, 20)),
      NoDataPolicy.PAUSE, 0, 2);

  Lab lab;
  MetricsEndpointSloSource source;
  HealthGateActivitiesImpl gate;

  @BeforeEach
  void startLab() {
    lab = Lab.start(LabSites.options().withStores(3));
    source = new MetricsEndpointSloSource(lab.adminUri() + "/metrics/{store}");
    gate = new HealthGateActivitiesImpl(source, bucket, Clock.fixed(TO.plusSeconds(5), ZoneOffset.UTC));
  }

  @AfterEach
  void stopLab() {
    lab.close();
  }

  @Test
  void theDirectSourceReadsEverySloAndTheBundleOfEachStore() {
    List<StoreSlo> slos = source.read(List.of("store-0001", "store-0002"), FROM, TO);

    assertThat(slos).extracting(StoreSlo::storeId).containsExactly("store-0001", "store-0002");
    assertThat(slos.get(0).values()).containsOnlyKeys(SloMetric.values());
    assertThat(slos.get(0).values().get(SloMetric.TTFB_P95)).isBetween(0.1, 0.3);
    assertThat(slos.get(0).values().get(SloMetric.WAN_AVAILABILITY)).isGreaterThan(0.99);
    assertThat(source.runningBundles(List.of("store-0001", "store-0003"))).containsEntry("store-0001", "2026.11.0").hasSize(2);
  }

  @Test
  void aDegradedStoreFailsTheGateAndEveryValueJudgedIsRecorded() throws Exception {
    assertThat(gate.captureBaseline("2026.12.0", 1, List.of("store-0001", "store-0002"), FROM, TO)).isEqualTo(2);
    lab.faults("store-0001").slo(Map.of("ttfbP95Seconds", 0.9));

    GateDecision decision = gate.evaluate(new GateRequest("2026.12.0", 1, List.of("store-0001", "store-0002"), List.of("store-0003"), FROM, TO, POLICY));

    assertThat(decision.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(decision.failed()).isEqualTo(1);
    assertThat(decision.passed()).isEqualTo(1);
    assertThat(decision.peers()).isEqualTo(1);
    assertThat(decision.notPassed()).singleElement().satisfies(j -> assertThat(j.storeId()).isEqualTo("store-0001"));
    assertThat(decision.detailsKey()).isEqualTo("patch-wave/2026.12.0/wave-1-gate.json");
    JsonNode file = bucket.json().readTree(bytes(decision.detailsKey()));
    assertThat(file.path("stores")).hasSize(2);
    assertThat(file.path("stores").get(0).path("metrics").get(0).path("value").asDouble()).isEqualTo(0.9);
    assertThat(file.path("stores").get(0).path("metrics").get(0).path("reason").asText()).contains("above the limit");
    assertThat(file.path("peers").get(0).path("storeId").asText()).isEqualTo("store-0003");
    assertThat(file.path("baselineKey").asText()).isEqualTo("patch-wave/2026.12.0/wave-1-baseline.json");
    assertThat(file.path("decision").path("verdict").asText()).isEqualTo("FAIL");
  }

  @Test
  void aStoreOnABadBundleFailsTheGateAgainstItsOwnWindowAndItsPeers() {
    lab.badBundle("2026.12.0", true);
    gate.captureBaseline("2026.12.0", 0, List.of("store-0001"), FROM, TO);
    lab.faults("store-0001").bundleVersion("2026.12.0"); // its guests run the bad bundle now

    GateDecision decision = gate.evaluate(
        new GateRequest("2026.12.0", 0, List.of("store-0001"), List.of("store-0002", "store-0003"), FROM, TO, POLICY));

    assertThat(source.runningBundles(List.of("store-0001", "store-0002")))
        .containsEntry("store-0001", "2026.12.0").containsEntry("store-0002", "2026.11.0");
    assertThat(decision.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(decision.peers()).isEqualTo(2);
    assertThat(decision.notPassed().get(0).metrics())
        .filteredOn(m -> m.metric() == SloMetric.TTFB_P95)
        .singleElement()
        .satisfies(m -> {
          assertThat(m.verdict()).isEqualTo(GateVerdict.FAIL);
          assertThat(m.value()).isGreaterThan(0.5);
          assertThat(m.ownBaseline()).isLessThan(0.3);
          assertThat(m.peerBaseline()).isLessThan(0.3);
        });
    assertThat(PatchWaveReportActivitiesImpl.drift("2026.12.0", List.of("store-0001", "store-0002", "store-0003"),
        source.runningBundles(List.of("store-0001", "store-0002", "store-0003"))))
        .isEqualTo(new dev.edgerunbooks.workflows.patch.PatchDrift("2026.12.0", 1, 2, 0, 0, 0));
  }

  @Test
  void healthyStoresPassAndTheFirstBaselineIsKept() throws Exception {
    gate.captureBaseline("2026.12.0", 0, List.of("store-0001"), FROM, TO);
    byte[] first = bytes("patch-wave/2026.12.0/wave-0-baseline.json");
    lab.faults("store-0001").slo(Map.of("ttfbP95Seconds", 5.0));
    assertThat(gate.captureBaseline("2026.12.0", 0, List.of("store-0001"), FROM, TO)).isEqualTo(1);
    assertThat(bytes("patch-wave/2026.12.0/wave-0-baseline.json")).isEqualTo(first);
    lab.faults("store-0001").clear();

    GateDecision decision = gate.evaluate(new GateRequest("2026.12.0", 0, List.of("store-0001"), List.of(), FROM, TO, POLICY));

    assertThat(decision.verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(decision.reason()).isEqualTo("1 of 1 stores within their SLOs");
  }

  @Test
  void withoutABaselineTheGateIsInconclusiveNeverASilentPass() {
    GateDecision decision = gate.evaluate(new GateRequest("2026.12.0", 2, List.of("store-0002"), List.of(), FROM, TO, POLICY));

    assertThat(decision.verdict()).isEqualTo(GateVerdict.INCONCLUSIVE);
    assertThat(decision.notPassed().get(0).metrics().get(0).reason()).contains("own pre-change window");
  }

  @Test
  void aSourceThatIsDownIsARetryableFailureNamingIt() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = socket.getLocalPort();
    }
    HealthGateActivitiesImpl down = new HealthGateActivitiesImpl(
        new MetricsEndpointSloSource("http://127.0.0.1:" + closed + "/metrics/{store}"), bucket, Clock.systemUTC());

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> down.evaluate(new GateRequest("2026.12.0", 1, List.of("store-0001"), List.of(), FROM, TO, POLICY)));

    assertThat(failure.getType()).isEqualTo(SloSource.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("no store's metrics endpoint answered", "/metrics/store-0001");
  }
}
