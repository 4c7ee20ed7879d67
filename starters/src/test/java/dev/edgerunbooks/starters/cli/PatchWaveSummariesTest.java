package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.patch.GateDecision;
import dev.edgerunbooks.workflows.patch.GateVerdict;
import dev.edgerunbooks.workflows.patch.MetricJudgement;
import dev.edgerunbooks.workflows.patch.PatchDrift;
import dev.edgerunbooks.workflows.patch.PatchWaveProgress;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.PatchWaveStatus;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.StoreJudgement;
import dev.edgerunbooks.workflows.patch.StorePatchOutcome;
import dev.edgerunbooks.workflows.patch.StorePatchResult;
import dev.edgerunbooks.workflows.patch.WaveProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a patch wave's plan, live view and summary read, from constructed records. */
class PatchWaveSummariesTest {
  private static final String ID = "patch-wave/2026.12.0";

  private final StringWriter out = new StringWriter();
  private final Output output = new Output(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

  @Test
  void thePlanGivesEachWaveWindowInUtcAndInTheOperatorsZone() {
    PatchWaveSummary dryRun = new PatchWaveSummary(ID + "/dry-run-1", "2026.12.0", PatchWaveStatus.PLANNED, null, "alice",
        PatchWaveRunsTest.FakePatchWave.plan(PatchWaveRequest.of("2026.12.0", "alice", true, List.of())),
        List.of(), List.of(), List.of(), null, null);

    Plans.printPatchWave(output.out(), dryRun, ZoneId.of("Europe/Berlin"));

    assertThat(out.toString())
        .contains("planned at Tue 2026-11-24 10:00 UTC; windows open at the times below, in UTC and in Europe/Berlin"
            + " (this machine's zone)")
        .contains("  opens:   Tue 2026-11-24 22:00 UTC, Tue 2026-11-24 23:00 CET here")
        .contains("  opens:   Wed 2026-11-25 22:00 UTC, Wed 2026-11-25 23:00 CET here")
        .contains("approvers:  alice, bob, carol (never the initiator, alice)");
  }

  @Test
  void idsWrapUnderTheFirstWithinTheWidth() {
    List<String> ids = IntStream.rangeClosed(1, 9).mapToObj(i -> "store-000" + i).toList();

    assertThat(Plans.wrap(ids, "  stores:  ", 50))
        .containsExactly(
            "  stores:  store-0001, store-0002, store-0003,",
            "           store-0004, store-0005, store-0006,",
            "           store-0007, store-0008, store-0009");
    assertThat(Plans.wrap(List.of("store-0001"), "  stores:  ", 50)).containsExactly("  stores:  store-0001");
  }

  @Test
  void aGateNamesTheStoresThatDidNotPassWithTheirValuesAndCountsTheRest() {
    GateDecision gate = new GateDecision(1, GateVerdict.FAIL, "4 of 50 stores failed the gate (tolerated: 1)",
        50, 45, 4, 1, 20,
        List.of(
            new StoreJudgement("store-0042", GateVerdict.FAIL, List.of(
                new MetricJudgement(SloMetric.TTFB_P95, 1.2, 0.41, 0.45, 0.8, GateVerdict.FAIL, "1.200 above the limit 0.8000"),
                new MetricJudgement(SloMetric.CACHE_HIT_RATIO, 0.97, 0.96, 0.95, 0.9, GateVerdict.PASS, "within limit and baselines"),
                new MetricJudgement(SloMetric.POS_LATENCY, null, 0.12, 0.11, null, GateVerdict.FAIL, "no data over the soak window"))),
            new StoreJudgement("store-0043", GateVerdict.INCONCLUSIVE, List.of(
                new MetricJudgement(SloMetric.POS_LATENCY, 0.1512345, 0.12, 0.11, null, GateVerdict.INCONCLUSIVE,
                    "26% worse than its own pre-change window (0.1200)")))),
        Instant.parse("2026-11-26T03:00:00Z"), "gates/patch-wave/2026.12.0/wave-1.json");

    assertThat(PatchWaveRuns.gateLines(gate))
        .containsExactly(
            "  gate FAIL: 4 of 50 stores failed the gate (tolerated: 1)",
            "    store-0042   FAIL         TTFB_P95 1.2 (own 0.41, peers 0.45, limit 0.8): 1.200 above the limit 0.8000",
            "                              POS_LATENCY - (own 0.12, peers 0.11, limit -): no data over the soak window",
            "    store-0043   INCONCLUSIVE POS_LATENCY 0.1512 (own 0.12, peers 0.11, limit -): "
                + "26% worse than its own pre-change window (0.1200)",
            "    … and 3 more stores in gates/patch-wave/2026.12.0/wave-1.json");
  }

  @Test
  void theLiveViewShowsEveryWaveTheApprovalToGiveWhyItIsPausedAndTheStoresInFlight() {
    List<String> inFlight = IntStream.rangeClosed(1, 15).mapToObj(i -> String.format("store-%04d", i)).toList();
    PatchWaveProgress p = new PatchWaveProgress("2026.12.0", PatchWaveStatus.PAUSED, 1, 2, "paused by bob: POS latency",
        List.of(wave(0, "canary", PatchWaveStatus.COMPLETED, 5, 5, 0, 0), wave(1, "wave-50", PatchWaveStatus.PATCHING, 50, 21, 1, 1),
            wave(2, "wave-200", PatchWaveStatus.PLANNING, 200, 0, 0, 0)),
        inFlight, Map.of(), List.of());

    assertThat(PatchWaveRuns.progressLine(p)).isEqualTo("[##..................] 28/255 stores  PAUSED wave 1 (wave-50)");
    assertThat(PatchWaveRuns.detail(ID, p))
        .containsExactly(
            "wave 0 canary     [####################] 5/5  patched 5, failed 0, skipped 0  COMPLETED",
            "wave 1 wave-50    [#########...........] 23/50  patched 21, failed 1, skipped 1  PATCHING",
            "wave 2 wave-200   [....................] 0/200  patched 0, failed 0, skipped 0  PLANNING",
            "wave 2 (wave-200) awaits approval: edgerun approve " + ID + " --wave 2",
            "paused: paused by bob: POS latency; resume with: edgerun resume " + ID,
            "in flight (15): store-0001, store-0002, store-0003, store-0004, store-0005, store-0006, store-0007,"
                + " store-0008, store-0009, store-0010, store-0011, store-0012, … (3 more)");
  }

  @Test
  void aHaltedRunListsItsProblemStoresAndExitsOneACompletedOneExitsZero() {
    PatchWaveSummary halted = new PatchWaveSummary(ID, "2026.12.0", PatchWaveStatus.HALTED,
        "the error budget of wave-50 is spent: 3 stores failed", "alice", null,
        List.of(wave(0, "canary", PatchWaveStatus.COMPLETED, 5, 5, 0, 0), wave(1, "wave-50", PatchWaveStatus.HALTED, 50, 10, 3, 0)),
        List.of(new StorePatchResult("store-0042", StorePatchOutcome.NEEDS_ATTENTION, "2026.11.0", true,
            "upgrade of pve2 failed: dpkg exit 100", null, null)),
        List.of("bob approved wave wave-50"), new PatchDrift("2026.12.0", 15, 240, 0, 0, 2), "reports/patch-wave/2026.12.0.json");

    assertThat(Summaries.printPatchWave(output, halted, false)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .contains(ID + ": bundle 2026.12.0 HALTED, started by alice")
        .contains("reason: the error budget of wave-50 is spent: 3 stores failed")
        .contains("wave 1 wave-50    [#####...............] 13/50  patched 10, failed 3, skipped 0  HALTED")
        .contains("problems:\n  store-0042   NEEDS_ATTENTION  upgrade of pve2 failed: dpkg exit 100; previous bundle 2026.11.0;"
            + " host packages upgraded (no rollback undoes them)")
        .contains("drift after: newest 2026.12.0: 15 on it, 240 one behind, 0 two behind, 0 older, 2 unknown")
        .contains("report: reports/patch-wave/2026.12.0.json");

    PatchWaveSummary completed = new PatchWaveSummary(ID, "2026.12.0", PatchWaveStatus.COMPLETED, null, "alice", null,
        List.of(), List.of(), List.of(), null, null);
    assertThat(Summaries.printPatchWave(output, completed, true)).isEqualTo(ExitCodes.OK);
  }

  private static WaveProgress wave(int index, String name, PatchWaveStatus status, int stores, int patched, int failed, int skipped) {
    return new WaveProgress(index, name, status, stores, patched, 0, skipped, failed, 0, 0, 0, null, null, null, null);
  }
}
