package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.VerifyFailure;
import dev.edgerunbooks.workflows.drdrill.DrDrillSummary;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.DrillVerdict;
import dev.edgerunbooks.workflows.drdrill.StoreDrillOutcome;
import dev.edgerunbooks.workflows.evidence.EvidenceDay;
import dev.edgerunbooks.workflows.evidence.EvidenceSummary;
import dev.edgerunbooks.workflows.patch.EvacuationResult;
import dev.edgerunbooks.workflows.patch.GuestPlacement;
import dev.edgerunbooks.workflows.patch.PatchWaveStatus;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.StorePatchOutcome;
import dev.edgerunbooks.workflows.patch.StorePatchResult;
import dev.edgerunbooks.workflows.patch.WaveProgress;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreResult;
import dev.edgerunbooks.workflows.restoretest.RestoreTestSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** How finished runs are printed, for `run --wait` and `status` alike. Dry runs print their plan. */
final class Summaries {
  private Summaries() {}

  static int printBackupVerify(Output output, BackupVerifySummary s, boolean json) {
    int exit = s.dryRun() || s.failed() + s.unreachable() == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    if (json) {
      output.json(s);
    } else if (s.dryRun()) {
      Plans.printBackupVerify(output.out(), s);
    } else {
      PrintWriter out = output.out();
      out.printf(
          "%s: %d stores, %d passed, %d failed, %d unreachable%n",
          s.workflowId(), s.stores(), s.passed(), s.failed(), s.unreachable());
      out.println("report: " + s.reportKey());
      if (!s.failures().isEmpty()) {
        out.println("problems:");
        for (VerifyFailure f : s.failures()) {
          String guest = f.vmid() == null ? "-" : f.vmid() + " " + f.guest();
          out.printf("  %-12s %-20s %-18s %s%n", f.storeId(), guest, f.kind(), f.reason());
        }
        moreInReport(out, s.failuresOmitted());
      }
      out.flush();
    }
    return exit;
  }

  static int printRestoreTest(Output output, RestoreTestSummary s, boolean json) {
    int exit = s.dryRun() || s.failed() == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    if (json) {
      output.json(s);
      return exit;
    }
    if (s.dryRun()) {
      Plans.printRestoreTest(output.out(), s);
      return exit;
    }
    PrintWriter out = output.out();
    out.printf(
        "%s: week %s, %d guests, %d passed, %d failed%n",
        s.workflowId(), s.week(), s.total(), s.passed(), s.failed());
    if (s.reportKey() != null) {
      out.println("report: " + s.reportKey());
    }
    if (s.trendKey() != null) {
      out.println("trend:  " + s.trendKey());
    }
    if (!s.failures().isEmpty()) {
      out.println("failures:");
      for (GuestRestoreResult f : s.failures()) {
        out.printf(
            "  %-26s %-19s RPO %-8s RTO %-8s %s%n",
            f.key() + " " + f.name(),
            f.failure(),
            duration(f.backupAge()),
            duration(f.rto()),
            detail(f));
      }
      moreInReport(out, s.moreFailures());
    }
    out.flush();
    return exit;
  }

  /**
   * @param targets the RPO and RTO targets per store where known (the drill's summary does not
   *     carry them; the store reports do)
   */
  static int printDrDrill(Output output, DrDrillSummary s, Map<String, DrillTargets> targets, boolean json) {
    boolean allPassed = s.stores().stream().allMatch(o -> o.verdict() == DrillVerdict.PASSED);
    int exit = s.dryRun() || allPassed ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    if (json) {
      output.json(s);
      return exit;
    }
    if (s.dryRun()) {
      Plans.printDrDrill(output.out(), s);
      return exit;
    }
    PrintWriter out = output.out();
    out.println(s.workflowId() + ": " + s.stores().size() + " stores, " + verdictCounts(s.stores()));
    for (StoreDrillOutcome o : s.stores()) {
      DrillTargets t = targets.get(o.storeId());
      out.printf(
          "  %-12s %-15s RTO %-26s worst RPO %s%n",
          o.storeId(),
          o.verdict(),
          vsTarget(o.rto(), t == null ? null : t.rto()),
          vsTarget(o.worstRpo(), t == null ? null : t.rpo()));
      if (o.failure() != null) {
        out.println("    failure: " + o.failure());
      }
      if (o.report() != null) {
        out.println("    report: " + o.report().json());
        out.println("            " + o.report().markdown() + ", signature " + o.report().signature());
      }
    }
    out.flush();
    return exit;
  }

  /** Exit code 1 when a store was not collected: the day was written, but without it. */
  static int printEvidence(Output output, EvidenceSummary s, boolean json) {
    boolean allCollected = s.failures().isEmpty() && s.collected() == s.stores();
    int exit = s.dryRun() || allCollected ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    if (json) {
      output.json(s);
      return exit;
    }
    if (s.dryRun()) {
      Plans.printEvidence(output.out(), s);
      return exit;
    }
    PrintWriter out = output.out();
    out.printf(
        "%s: day %s, %d stores, %d collected, %d not collected%s%n",
        s.workflowId(), s.date(), s.stores(), s.collected(), s.stores() - s.collected(),
        s.plan() != null && !s.plan().wholeFleet() ? " (partial day: only the stores asked for)" : "");
    EvidenceDay day = s.day();
    if (day == null) {
      out.println("the run returned no day file");
    } else {
      out.println("file:       " + day.key());
      out.println("sha256:     " + day.sha256());
      out.println("fleet root: " + day.fleetRoot());
      out.println("previous:   " + (day.previousKey() == null ? "first day of the chain" : day.previousKey()));
      out.println("retention:  " + day.retention());
      out.println(
          "drift:      "
              + (day.driftKey() == null
                  ? "none (first day of the chain)"
                  : day.driftKey() + ", " + day.changedStores() + (day.changedStores() == 1 ? " store" : " stores")
                      + " changed"));
    }
    out.println("runs recorded: " + s.runs());
    if (!s.failures().isEmpty()) {
      out.println("not collected:");
      s.failures().forEach(f -> out.println("  " + f));
    }
    out.flush();
    return exit;
  }

  /**
   * A patch wave's waves, decisions, problem stores, drift and report; a dry run's plan. Exit code 1
   * when the run halted (a gate failed or the error budget was spent) or was aborted.
   */
  static int printPatchWave(Output output, PatchWaveSummary s, boolean json) {
    boolean stopped = s.status() == PatchWaveStatus.HALTED || s.status() == PatchWaveStatus.ABORTED;
    int exit = stopped ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
    if (json) {
      output.json(s);
      return exit;
    }
    if (s.status() == PatchWaveStatus.PLANNED || s.plan() != null) {
      Plans.printPatchWave(output.out(), s, ZoneId.systemDefault());
      return exit;
    }
    PrintWriter out = output.out();
    out.println(s.workflowId() + ": bundle " + s.bundle() + " " + s.status() + ", started by " + s.initiator());
    if (s.reason() != null) {
      out.println("reason: " + s.reason());
    }
    for (WaveProgress wave : s.waves()) {
      PatchWaveRuns.waveLines(wave).forEach(out::println);
    }
    if (!s.decisions().isEmpty()) {
      out.println("decisions:");
      s.decisions().forEach(d -> out.println("  " + d));
    }
    if (!s.problems().isEmpty()) {
      out.println("problems:");
      for (StorePatchResult p : s.problems()) {
        out.printf("  %-12s %-16s %s%n", p.storeId(), p.outcome(), storeDetail(p));
      }
    }
    if (s.driftAfter() != null) {
      out.println("drift after: " + Plans.drift(s.driftAfter()));
    }
    if (s.reportKey() != null) {
      out.println("report: " + s.reportKey());
    }
    out.flush();
    return exit;
  }

  /** The guests moved off the node and what the responder does next. */
  static int printEvacuation(Output output, String workflowId, EvacuationResult r, boolean json) {
    if (json) {
      output.json(r);
      return ExitCodes.OK;
    }
    PrintWriter out = output.out();
    out.printf("%s: %d guests moved off %s of %s%n", workflowId, r.moved().size(), r.node(), r.storeId());
    for (GuestPlacement g : r.moved()) {
      out.printf("  %-6d %-5s %s -> %s%n", g.vmid(), g.type(), g.from(), g.to());
    }
    if (r.note() != null) {
      out.println("next: " + r.note());
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Exit code 1 unless the store is back on the bundle (or already was). */
  static int printRollback(Output output, String workflowId, StorePatchResult r, boolean json) {
    boolean back = r.outcome() == StorePatchOutcome.ROLLED_BACK || r.outcome() == StorePatchOutcome.ALREADY_CURRENT
        || r.outcome() == StorePatchOutcome.PATCHED;
    int exit = back ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    if (json) {
      output.json(r);
      return exit;
    }
    PrintWriter out = output.out();
    out.println(workflowId + ": " + r.storeId() + " " + r.outcome());
    out.println("  " + storeDetail(r));
    out.flush();
    return exit;
  }

  /** What happened to a store: the detail, the bundle it ran before, whether a host was upgraded. */
  private static String storeDetail(StorePatchResult r) {
    List<String> parts = new ArrayList<>();
    if (r.detail() != null) {
      parts.add(r.detail());
    }
    if (r.previousBundle() != null) {
      parts.add("previous bundle " + r.previousBundle());
    }
    if (r.hostUpgraded()) {
      parts.add("host packages upgraded (no rollback undoes them)");
    }
    return String.join("; ", parts);
  }

  private static String verdictCounts(List<StoreDrillOutcome> stores) {
    return counts(DrillVerdict.values(), v -> stores.stream().filter(o -> o.verdict() == v).count(), "none drilled");
  }

  /**
   * {@code 2 renewed, 1 not due}: how many there are of each outcome, in the order {@code outcomes}
   * declares them, in words; outcomes with none are left out, and {@code none} stands for all of them.
   */
  static <E extends Enum<E>> String counts(E[] outcomes, ToLongFunction<E> count, String none) {
    List<String> counts = new ArrayList<>();
    for (E outcome : outcomes) {
      long n = count.applyAsLong(outcome);
      if (n > 0) {
        counts.add(n + " " + outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
    }
    return counts.isEmpty() ? none : String.join(", ", counts);
  }

  /** {@code 1h12m (target 4h, met)}, or the value alone when there is no target. */
  static String vsTarget(Duration actual, Duration target) {
    if (actual == null || target == null) {
      return duration(actual);
    }
    return duration(actual) + " (target " + duration(target) + (actual.compareTo(target) <= 0 ? ", met)" : ", MISSED)");
  }

  private static String detail(GuestRestoreResult f) {
    String detail = f.detail() == null ? "" : f.detail();
    if (!f.cleanedUp()) {
      detail += (detail.isEmpty() ? "" : "; ")
          + "LEFT ON STAGING as " + f.stagingVmid() + (f.stagingNode() == null ? "" : " on " + f.stagingNode());
    }
    return detail;
  }

  private static void moreInReport(PrintWriter out, int more) {
    if (more > 0) {
      out.println("  … and " + more + " more in the report");
    }
  }

  /** A duration as the runbook files write them, to the second; {@code -} when there is none. */
  static String duration(Duration d) {
    return d == null ? "-" : Durations.format(d.truncatedTo(ChronoUnit.SECONDS));
  }
}
