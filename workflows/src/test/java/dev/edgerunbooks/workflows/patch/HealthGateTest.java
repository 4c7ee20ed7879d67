package dev.edgerunbooks.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthGateTest {
  private static final GatePolicy POLICY =
      new GatePolicy(
          List.of(new SloObjective(SloMetric.TTFB_P95, 0.5, 0.25, 0.6), new SloObjective(SloMetric.WAN_AVAILABILITY, 0.99, 0.005, 0.01)),
          NoDataPolicy.PAUSE, 0, 10);

  private static StoreSlo slo(String id, double ttfb, double wan) {
    return new StoreSlo(id, Map.of(SloMetric.TTFB_P95, ttfb, SloMetric.WAN_AVAILABILITY, wan));
  }

  private static List<StoreJudgement> judge(GatePolicy p, StoreSlo now, StoreSlo own, List<StoreSlo> peers) {
    return HealthGate.judge(p, List.of(now), List.of(own), peers);
  }

  @Test
  void passesWithinLimitAndBothBaselines() {
    StoreJudgement j = judge(POLICY, slo("s1", 0.21, 0.9995), slo("s1", 0.20, 0.9996), List.of(slo("p1", 0.19, 0.9995), slo("p2", 0.22, 0.9990))).get(0);

    assertThat(j.verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(j.metrics().get(0).peerBaseline()).isCloseTo(0.205, org.assertj.core.data.Offset.offset(1e-9)); // median of 0.19 and 0.22
  }

  @Test
  void failsOnTheAbsoluteLimitWithTheValuesJudged() {
    MetricJudgement m = judge(POLICY, slo("s1", 0.81, 0.9995), slo("s1", 0.80, 0.9995), List.of()).get(0).metrics().get(0);

    assertThat(m.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(m.value()).isEqualTo(0.81);
    assertThat(m.limit()).isEqualTo(0.5);
    assertThat(m.reason()).isEqualTo("0.8100 above the limit 0.5000");
  }

  @Test
  void aWorseningBeyondTheMarginIsInconclusiveAndBeyondTheMaximumFails() {
    assertThat(judge(POLICY, slo("s1", 0.30, 0.9995), slo("s1", 0.20, 0.9995), List.of()).get(0).verdict())
        .as("50% worse than its own window: between 25% and 60%").isEqualTo(GateVerdict.INCONCLUSIVE);
    StoreJudgement fail = judge(POLICY, slo("s1", 0.34, 0.9995), slo("s1", 0.34, 0.9995), List.of(slo("p", 0.20, 0.9995))).get(0);
    assertThat(fail.verdict()).as("70% worse than the unpatched stores").isEqualTo(GateVerdict.FAIL);
    assertThat(fail.metrics().get(0).reason()).isEqualTo("70% worse than the stores not yet patched (0.2000)");
    assertThat(judge(POLICY, slo("s1", 0.20, 0.975), slo("s1", 0.20, 0.9995), List.of()).get(0).verdict())
        .as("a higher-is-better SLO that dropped is worse").isEqualTo(GateVerdict.FAIL);
  }

  @Test
  void aBaselineBelowTheFloorIsJudgedAgainstTheFloor() {
    GatePolicy backlog = new GatePolicy(List.of(new SloObjective(SloMetric.SYNC_BACKLOG, null, 1.0, 3.0)), NoDataPolicy.FAIL, 0, 10);
    StoreSlo before = new StoreSlo("s1", Map.of(SloMetric.SYNC_BACKLOG, 0.0));

    assertThat(HealthGate.judge(backlog, List.of(new StoreSlo("s1", Map.of(SloMetric.SYNC_BACKLOG, 2.0))), List.of(before), List.of()).get(0).verdict())
        .as("2 snapshots behind an empty backlog: 40% of the floor of 5").isEqualTo(GateVerdict.PASS);
    assertThat(HealthGate.judge(backlog, List.of(new StoreSlo("s1", Map.of(SloMetric.SYNC_BACKLOG, 20.0))), List.of(before), List.of()).get(0).verdict())
        .isEqualTo(GateVerdict.FAIL);
  }

  @Test
  void noDataIsNeverASilentPass() {
    StoreSlo empty = new StoreSlo("s1", Map.of());
    assertThat(judge(POLICY, empty, slo("s1", 0.2, 0.9995), List.of()).get(0).verdict()).isEqualTo(GateVerdict.INCONCLUSIVE);
    GatePolicy strict = new GatePolicy(POLICY.objectives(), NoDataPolicy.FAIL, 0, 10);
    StoreJudgement j = judge(strict, empty, slo("s1", 0.2, 0.9995), List.of()).get(0);
    assertThat(j.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(j.metrics().get(0).reason()).isEqualTo("no data over the soak window");
    assertThat(judge(strict, slo("s1", 0.2, 0.9995), slo("s1", 0.2, 0.9995), List.of(new StoreSlo("p", Map.of()))).get(0).metrics().get(0).reason())
        .isEqualTo("no data from the stores not yet patched");
  }

  @Test
  void theWaveFailsWhenMoreStoresFailThanTolerated() {
    List<StoreJudgement> stores =
        HealthGate.judge(POLICY, List.of(slo("a", 0.2, 0.9995), slo("b", 0.9, 0.9995)), List.of(slo("a", 0.2, 0.9995), slo("b", 0.2, 0.9995)), List.of());

    GateDecision strict = HealthGate.decide(0, POLICY, stores, 0, Instant.EPOCH);
    GateDecision tolerant = HealthGate.decide(0, new GatePolicy(POLICY.objectives(), NoDataPolicy.PAUSE, 1, 10), stores, 0, Instant.EPOCH);

    assertThat(strict.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(strict.reason()).isEqualTo("1 of 2 stores failed the gate (tolerated: 0)");
    assertThat(strict.notPassed()).extracting(StoreJudgement::storeId).containsExactly("b");
    assertThat(tolerant.verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(tolerant.reason()).isEqualTo("1 of 2 stores within their SLOs (1 failed, tolerated)");
  }
}
