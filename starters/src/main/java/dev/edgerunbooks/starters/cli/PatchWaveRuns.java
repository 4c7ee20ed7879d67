package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.workflows.patch.GateDecision;
import dev.edgerunbooks.workflows.patch.GateVerdict;
import dev.edgerunbooks.workflows.patch.MetricJudgement;
import dev.edgerunbooks.workflows.patch.PatchWaveProgress;
import dev.edgerunbooks.workflows.patch.PatchWaveStatus;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import dev.edgerunbooks.workflows.patch.StoreJudgement;
import dev.edgerunbooks.workflows.patch.WaveProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of a patch wave, {@code patch-wave/<bundle>}. The run continues as new after each wave, so
 * its progress is asked of the newest run under the id. How its waves and gate decisions read is
 * shared by the live view ({@code status}, {@code watch}) and the summary.
 */
final class PatchWaveRuns extends RunView<PatchWaveSummary> {
  static final String TYPE = RunView.typeOf(PatchWaveWorkflow.class);
  private static final int BAR_WIDTH = 20;
  /** In-flight stores named in the live view; the rest are counted. */
  private static final int IN_FLIGHT_SHOWN = 12;
  private static final MathContext FOUR_DIGITS = new MathContext(4);

  PatchWaveRuns() {
    super(PatchWaveWorkflow.class, PatchWaveSummary.class);
  }

  @Override
  RunProgress progress(WorkflowClient client, WorkflowExecution run) {
    PatchWaveProgress p = progressOf(client, run.getWorkflowId());
    return new RunProgress(progressLine(p), detail(run.getWorkflowId(), p), p);
  }

  /** A patch wave has planned once its bundle is verified and its waves are planned. */
  @Override
  boolean planned(WorkflowClient client, WorkflowExecution run) {
    return progressOf(client, run.getWorkflowId()).status() != PatchWaveStatus.PLANNING;
  }

  @Override
  int print(Output output, WorkflowClient client, WorkflowExecution run, PatchWaveSummary result, boolean json) {
    return Summaries.printPatchWave(output, result, json);
  }

  static PatchWaveProgress progressOf(WorkflowClient client, String workflowId) {
    return client.newWorkflowStub(PatchWaveWorkflow.class, workflowId).progress();
  }

  /** {@code [####....] 28/255 stores  PATCHING wave 1 (wave-50)}. */
  static String progressLine(PatchWaveProgress p) {
    List<WaveProgress> waves = p.waves() == null ? List.of() : p.waves();
    if (waves.isEmpty()) {
      return p.status() + " (verifying the bundle and planning its waves)";
    }
    int done = waves.stream().mapToInt(WaveProgress::done).sum();
    int total = waves.stream().mapToInt(WaveProgress::stores).sum();
    int current = p.currentWave();
    String wave = current < waves.size() ? " wave " + current + " (" + waves.get(current).name() + ")" : "";
    return Output.bar(done, total, BAR_WIDTH, '.') + " stores  " + p.status() + wave;
  }

  /**
   * The live view below the progress line: every wave with its bar, counts and gate decision, the
   * wave awaiting approval with the command that approves it, why the run is paused, the stores in
   * flight.
   */
  static List<String> detail(String workflowId, PatchWaveProgress p) {
    List<String> lines = new ArrayList<>();
    if (p.waves() != null) {
      p.waves().forEach(w -> lines.addAll(waveLines(w)));
    }
    if (p.awaitingApproval() != null) {
      int wave = p.awaitingApproval();
      String name = p.waves() != null && wave < p.waves().size() ? " (" + p.waves().get(wave).name() + ")" : "";
      lines.add("wave " + wave + name + " awaits approval: edgerun approve " + workflowId + " --wave " + wave);
    }
    if (p.pausedBecause() != null) {
      lines.add("paused: " + p.pausedBecause() + "; resume with: edgerun resume " + workflowId);
    }
    if (p.inFlight() != null && !p.inFlight().isEmpty()) {
      lines.add("in flight (" + p.inFlight().size() + "): " + Suggestions.list(p.inFlight(), IN_FLIGHT_SHOWN));
    }
    return lines;
  }

  /**
   * A wave's line ({@code wave 1 wave-50  [#####.....] 23/50  patched 22, failed 1, skipped 0  PATCHING}),
   * then its gate.
   */
  static List<String> waveLines(WaveProgress w) {
    StringBuilder line =
        new StringBuilder(String.format("wave %d %-10s %s  patched %d, failed %d, skipped %d", w.index(), w.name(),
            Output.bar(w.done(), w.stores(), BAR_WIDTH, '.'), w.patched(), w.failed(), w.skipped()));
    count(line, w.alreadyCurrent(), "already current");
    count(line, w.aborted(), "aborted");
    count(line, w.notStarted(), "not started");
    count(line, w.rolledBackAfterGate(), "rolled back after the gate");
    line.append("  ").append(w.status());
    if (w.approvedBy() != null) {
      line.append(", approved by ").append(w.approvedBy());
    }
    List<String> lines = new ArrayList<>();
    lines.add(line.toString());
    if (w.gate() != null) {
      lines.addAll(gateLines(w.gate()));
    }
    return lines;
  }

  /**
   * A gate decision: its verdict and reason, then every store that did not pass with the values of
   * the SLOs it did not pass against their baselines and limit.
   */
  static List<String> gateLines(GateDecision g) {
    List<String> lines = new ArrayList<>();
    lines.add("  gate " + g.verdict() + ": " + g.reason());
    for (StoreJudgement store : g.notPassed()) {
      String head = String.format("    %-12s %-12s ", store.storeId(), store.verdict());
      List<MetricJudgement> metrics = store.metrics().stream().filter(m -> m.verdict() != GateVerdict.PASS).toList();
      if (metrics.isEmpty()) {
        lines.add(head.stripTrailing());
      }
      for (MetricJudgement m : metrics) {
        lines.add(head + m.metric() + " " + value(m.value()) + " (own " + value(m.ownBaseline()) + ", peers "
            + value(m.peerBaseline()) + ", limit " + value(m.limit()) + "): " + m.reason());
        head = " ".repeat(head.length());
      }
    }
    int more = g.failed() + g.inconclusive() - g.notPassed().size();
    if (more > 0) {
      lines.add("    … and " + more + " more " + (more == 1 ? "store" : "stores")
          + (g.detailsKey() == null ? "" : " in " + g.detailsKey()));
    } else if (g.detailsKey() != null) {
      lines.add("    every store's values: " + g.detailsKey());
    }
    return lines;
  }

  /** An SLO value to four significant digits, {@code -} when there is none. */
  static String value(Double v) {
    if (v == null) {
      return "-";
    }
    if (v.isNaN() || v.isInfinite()) {
      return v.toString();
    }
    return BigDecimal.valueOf(v).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
  }

  private static void count(StringBuilder line, int n, String what) {
    if (n > 0) {
      line.append(", ").append(what).append(' ').append(n);
    }
  }
}
