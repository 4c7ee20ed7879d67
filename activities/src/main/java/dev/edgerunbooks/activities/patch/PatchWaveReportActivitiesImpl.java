package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportText;
import dev.edgerunbooks.workflows.patch.BundleVersion;
import dev.edgerunbooks.workflows.patch.GateDecision;
import dev.edgerunbooks.workflows.patch.MetricJudgement;
import dev.edgerunbooks.workflows.patch.PatchDrift;
import dev.edgerunbooks.workflows.patch.PatchWaveReportActivities;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.StoreJudgement;
import dev.edgerunbooks.workflows.patch.StorePatchOutcome;
import dev.edgerunbooks.workflows.patch.StorePatchResult;
import dev.edgerunbooks.workflows.patch.WaveProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The patch wave's report and the fleet's patch drift. The report goes to {@code
 * patch-wave/<bundle>/report.json} and {@code report.md}; both depend only on the summary and the
 * outcomes, so a retried write puts the same objects again.
 */
public final class PatchWaveReportActivitiesImpl implements PatchWaveReportActivities {
  private final SloSource source;
  private final Supplier<List<String>> fleet;
  private final AuditBucket bucket;
  private final Consumer<PatchDrift> driftGauge;

  /**
   * @param fleet the fleet's store ids, read at each call (the fleet definition may be reloaded)
   * @param driftGauge records each drift as a metric (the workers' Micrometer gauge)
   */
  public PatchWaveReportActivitiesImpl(
      SloSource source, Supplier<List<String>> fleet, AuditBucket bucket, Consumer<PatchDrift> driftGauge) {
    this.source = source;
    this.fleet = fleet;
    this.bucket = bucket;
    this.driftGauge = driftGauge;
  }

  /** What report.json holds. */
  public record Report(PatchWaveSummary summary, Map<StorePatchOutcome, Integer> counts, Map<String, StorePatchOutcome> outcomes) {}

  public static String reportKey(String bundle) {
    return "patch-wave/" + ReportText.segment("bundle", bundle) + "/report.json";
  }

  @Override
  public PatchDrift drift(String newestBundle) {
    List<String> stores = fleet.get();
    PatchDrift drift = drift(newestBundle, stores, source.runningBundles(stores));
    driftGauge.accept(drift);
    return drift;
  }

  /**
   * Buckets the stores by how many of the distinct versions the fleet runs (plus {@code newest}) lie
   * between theirs and the newest: 0 current (or newer), 1, 2, more; no valid version is unknown.
   */
  public static PatchDrift drift(String newest, List<String> stores, Map<String, String> running) {
    TreeSet<String> versions = new TreeSet<>(BundleVersion.ORDER.reversed());
    versions.add(newest);
    running.values().stream().filter(BundleVersion::isValid).filter(v -> BundleVersion.compare(v, newest) < 0).forEach(versions::add);
    List<String> newestFirst = List.copyOf(versions);
    int current = 0;
    int one = 0;
    int two = 0;
    int older = 0;
    int unknown = 0;
    for (String store : stores) {
      String v = running.get(store);
      if (!BundleVersion.isValid(v)) {
        unknown++;
      } else if (BundleVersion.compare(v, newest) >= 0) {
        current++;
      } else {
        int age = newestFirst.indexOf(v);
        if (age == 1) {
          one++;
        } else if (age == 2) {
          two++;
        } else {
          older++;
        }
      }
    }
    return new PatchDrift(newest, current, one, two, older, unknown);
  }

  @Override
  public String writeReport(PatchWaveSummary summary, Map<String, StorePatchOutcome> outcomes) {
    Map<String, StorePatchOutcome> sorted = new TreeMap<>(outcomes);
    Map<StorePatchOutcome, Integer> counts = new EnumMap<>(StorePatchOutcome.class);
    sorted.values().forEach(o -> counts.merge(o, 1, Integer::sum));
    String key = reportKey(summary.bundle());
    bucket.putJson(key, new Report(summary, counts, sorted));
    bucket.putText(key.replace("report.json", "report.md"), markdown(summary, counts, sorted), AuditBucket.MARKDOWN);
    return key;
  }

  static String markdown(PatchWaveSummary s, Map<StorePatchOutcome, Integer> counts, Map<String, StorePatchOutcome> outcomes) {
    StringBuilder md = new StringBuilder();
    md.append("# Patch wave ").append(s.bundle()).append("\n\n");
    md.append("- Run: `").append(s.workflowId()).append("`\n");
    md.append("- Status: **").append(s.status()).append("**").append(s.reason() == null ? "" : ": " + ReportText.cell(s.reason())).append('\n');
    md.append("- Started by: ").append(s.initiator()).append('\n');
    md.append("- Stores: ").append(outcomes.size());
    counts.forEach((o, n) -> md.append(", ").append(o.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(' ').append(n));
    md.append("\n\n## Waves\n\n");
    md.append("| wave | name | status | stores | patched | already current | skipped | failed | aborted | not started | approved by | started | finished | gate |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<WaveProgress> waves = s.waves() == null ? List.of() : s.waves();
    for (WaveProgress w : waves) {
      GateDecision g = w.gate();
      md.append("| ").append(w.index()).append(" | ").append(ReportText.cell(w.name())).append(" | ").append(w.status())
          .append(" | ").append(w.stores()).append(" | ").append(w.patched()).append(" | ").append(w.alreadyCurrent())
          .append(" | ").append(w.skipped()).append(" | ").append(w.failed()).append(" | ").append(w.aborted())
          .append(" | ").append(w.notStarted()).append(" | ").append(ReportText.cell(w.approvedBy()))
          .append(" | ").append(ReportText.time(w.startedAt())).append(" | ").append(ReportText.time(w.finishedAt()))
          .append(" | ").append(g == null ? "–" : g.verdict() + ": " + ReportText.cell(g.reason())).append(" |\n");
    }
    for (WaveProgress w : waves) {
      GateDecision g = w.gate();
      if (g == null) {
        continue;
      }
      md.append("\n### Gate of wave ").append(w.index()).append(" (").append(ReportText.cell(w.name())).append(")\n\n");
      md.append(g.verdict()).append(": ").append(g.reason()).append(". Judged ").append(g.judged()).append(" stores (")
          .append(g.passed()).append(" passed, ").append(g.failed()).append(" failed, ").append(g.inconclusive())
          .append(" inconclusive) against ").append(g.peers()).append(" unpatched peers, at ").append(ReportText.time(g.decidedAt()))
          .append(g.detailsKey() == null ? "" : "; every value in `" + g.detailsKey() + "`").append(".\n");
      if (!g.notPassed().isEmpty()) {
        md.append("\n| store | verdict | SLO | value | own baseline | peer baseline | limit | why |\n|---|---|---|---|---|---|---|---|\n");
        for (StoreJudgement j : g.notPassed()) {
          for (MetricJudgement m : j.metrics()) {
            if (m.verdict() == dev.edgerunbooks.workflows.patch.GateVerdict.PASS) {
              continue;
            }
            md.append("| ").append(j.storeId()).append(" | ").append(m.verdict()).append(" | ").append(m.metric())
                .append(" | ").append(num(m.value())).append(" | ").append(num(m.ownBaseline())).append(" | ").append(num(m.peerBaseline()))
                .append(" | ").append(num(m.limit())).append(" | ").append(ReportText.cell(m.reason())).append(" |\n");
          }
        }
      }
    }
    md.append("\n## Decisions\n\n");
    List<String> decisions = s.decisions() == null ? List.of() : s.decisions();
    if (decisions.isEmpty()) {
      md.append("None.\n");
    }
    decisions.forEach(d -> md.append("- ").append(ReportText.cell(d)).append('\n'));
    md.append("\n## Stores not patched cleanly\n\n");
    List<StorePatchResult> problems = s.problems() == null ? List.of() : s.problems();
    if (problems.isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| store | outcome | previous bundle | host upgraded | took | detail |\n|---|---|---|---|---|---|\n");
      for (StorePatchResult p : problems) {
        Duration took = p.started() == null || p.finished() == null ? null : Duration.between(p.started(), p.finished());
        md.append("| ").append(p.storeId()).append(" | ").append(p.outcome()).append(" | ").append(ReportText.cell(p.previousBundle()))
            .append(" | ").append(p.hostUpgraded() ? "yes" : "no").append(" | ").append(ReportText.human(took))
            .append(" | ").append(ReportText.cell(p.detail())).append(" |\n");
      }
    }
    if (s.driftAfter() != null) {
      PatchDrift d = s.driftAfter();
      md.append("\n## Patch drift after the run\n\n| newest | current | one behind | two behind | older | unknown |\n|---|---|---|---|---|---|\n")
          .append("| ").append(d.newest()).append(" | ").append(d.current()).append(" | ").append(d.behindOne()).append(" | ")
          .append(d.behindTwo()).append(" | ").append(d.older()).append(" | ").append(d.unknown()).append(" |\n");
    }
    md.append("\n## Outcome per store\n\n| store | outcome |\n|---|---|\n");
    outcomes.forEach((store, o) -> md.append("| ").append(ReportText.cell(store)).append(" | ").append(o).append(" |\n"));
    return md.toString();
  }

  private static String num(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.4g", v);
  }
}
