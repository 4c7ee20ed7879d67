package dev.edgerunbooks.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.report.S3ProxyFixture;
import dev.edgerunbooks.workflows.patch.GateDecision;
import dev.edgerunbooks.workflows.patch.GateVerdict;
import dev.edgerunbooks.workflows.patch.MetricJudgement;
import dev.edgerunbooks.workflows.patch.PatchDrift;
import dev.edgerunbooks.workflows.patch.PatchWaveStatus;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.StoreJudgement;
import dev.edgerunbooks.workflows.patch.StorePatchOutcome;
import dev.edgerunbooks.workflows.patch.StorePatchResult;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import dev.edgerunbooks.workflows.patch.WaveProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatchWaveReportActivitiesImplTest extends S3ProxyFixture {
  static final Instant T0 = Instant.parse("2026-11-24T22:00:00Z");

  /** A source that answers running bundles from a map. */
  record FixedBundles(Map<String, String> bundles) implements SloSource {
    @Override
    public List<StoreSlo> read(List<String> stores, Instant from, Instant to) {
      return stores.stream().map(s -> new StoreSlo(s, Map.of())).toList();
    }

    @Override
    public Map<String, String> runningBundles(List<String> stores) {
      Map<String, String> out = new LinkedHashMap<>(bundles);
      out.keySet().retainAll(stores);
      return out;
    }
  }

  @Test
  void driftBucketsStoresByDistinctVersionsBehindTheNewestAndFeedsTheGauge() {
    Map<String, String> running = Map.of(
        "s1", "2026.12.0", "s2", "2026.12.0", "s3", "2026.11.0", "s4", "2026.10.1", "s5", "2026.9.0", "s6", "2026.2.0",
        "s7", "not-a-version", "s9", "2027.1.0-rc1");
    List<PatchDrift> gauge = new ArrayList<>();
    PatchWaveReportActivitiesImpl report = new PatchWaveReportActivitiesImpl(
        new FixedBundles(running), () -> List.of("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"), bucket, gauge::add);

    PatchDrift drift = report.drift("2026.12.0");

    assertThat(drift).isEqualTo(new PatchDrift("2026.12.0", 3, 1, 1, 2, 2));
    assertThat(gauge).containsExactly(drift);
    assertThat(PatchWaveReportActivitiesImpl.drift("2026.12.0", List.of("a"), Map.of("a", "2026.11.0")))
        .isEqualTo(new PatchDrift("2026.12.0", 0, 1, 0, 0, 0));
  }

  @Test
  void theReportHoldsWavesGatesDecisionsOutcomesAndDriftInJsonAndMarkdown() throws Exception {
    StoreJudgement bad = new StoreJudgement("store-0007", GateVerdict.FAIL, List.of(
        new MetricJudgement(SloMetric.TTFB_P95, 0.92, 0.18, 0.19, 0.5, GateVerdict.FAIL, "0.9200 above the limit 0.5000"),
        new MetricJudgement(SloMetric.CACHE_HIT_RATIO, 0.93, 0.93, 0.93, 0.8, GateVerdict.PASS, "within limit and baselines")));
    GateDecision gate = new GateDecision(1, GateVerdict.FAIL, "1 of 50 stores failed the gate (tolerated: 0)", 50, 49, 1, 0, 20,
        List.of(bad), T0.plusSeconds(7200), "patch-wave/2026.12.0/wave-1-gate.json");
    List<WaveProgress> waves = List.of(
        new WaveProgress(0, "canary", PatchWaveStatus.COMPLETED, 5, 5, 0, 0, 0, 0, 0, 0, "alice", T0, T0.plusSeconds(3600), null),
        new WaveProgress(1, "wave-1", PatchWaveStatus.HALTED, 50, 48, 1, 0, 1, 0, 0, 49, "bob", T0, T0.plusSeconds(9000), gate));
    StorePatchResult problem = new StorePatchResult("store-0009", StorePatchOutcome.NEEDS_ATTENTION, "2026.11.0", true,
        "upgrade pve2: reboot: node pve2 did not come back | check", T0, T0.plusSeconds(1500));
    PatchWaveSummary summary = new PatchWaveSummary("patch-wave/2026.12.0", "2026.12.0", PatchWaveStatus.HALTED, gate.reason(), "carol",
        null, waves, List.of(problem), List.of("alice: approved wave 0", "bob: approved wave 1"),
        new PatchDrift("2026.12.0", 53, 447, 0, 0, 0), null);
    Map<String, StorePatchOutcome> outcomes = Map.of(
        "store-0001", StorePatchOutcome.PATCHED, "store-0009", StorePatchOutcome.NEEDS_ATTENTION, "store-0100", StorePatchOutcome.NOT_STARTED);
    PatchWaveReportActivitiesImpl report = new PatchWaveReportActivitiesImpl(new FixedBundles(Map.of()), List::of, bucket, d -> {});

    String key = report.writeReport(summary, outcomes);
    byte[] first = bytes(key);
    assertThat(report.writeReport(summary, outcomes)).isEqualTo(key);

    assertThat(key).isEqualTo("patch-wave/2026.12.0/report.json");
    assertThat(bytes(key)).isEqualTo(first);
    JsonNode json = bucket.json().readTree(first);
    assertThat(json.path("summary").path("status").asText()).isEqualTo("HALTED");
    assertThat(json.path("counts").path("PATCHED").asInt()).isEqualTo(1);
    assertThat(json.path("outcomes").path("store-0009").asText()).isEqualTo("NEEDS_ATTENTION");
    String md = text("patch-wave/2026.12.0/report.md");
    assertThat(contentType("patch-wave/2026.12.0/report.md")).startsWith("text/markdown");
    assertThat(md)
        .contains("# Patch wave 2026.12.0", "**HALTED**", "Started by: carol")
        .contains("| 1 | wave-1 | HALTED | 50 | 48 |", "FAIL: 1 of 50 stores failed the gate")
        .contains("| store-0007 | FAIL | TTFB_P95 | 0.9200 | 0.1800 | 0.1900 | 0.5000 | 0.9200 above the limit 0.5000 |")
        .doesNotContain("| store-0007 | PASS")
        .contains("- bob: approved wave 1")
        .contains("| store-0009 | NEEDS_ATTENTION | 2026.11.0 | yes | 25m | upgrade pve2: reboot: node pve2 did not come back \\| check |")
        .contains("| 2026.12.0 | 53 | 447 | 0 | 0 | 0 |")
        .contains("| store-0100 | NOT_STARTED |");
  }
}
