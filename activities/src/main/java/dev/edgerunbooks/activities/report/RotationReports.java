package dev.edgerunbooks.activities.report;

import static dev.edgerunbooks.activities.report.ReportText.cell;
import static dev.edgerunbooks.activities.report.ReportText.time;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the certificate and token rotation reports share: where they go ({@code <runbook>/<run>/}),
 * signed JSON beside Markdown, metrics only for a real run, and the head of the Markdown.
 */
final class RotationReports {
  private final ReportSignatures signatures;
  private final MetricsTextFile metrics;

  RotationReports(AuditBucket bucket, ReportSigner signer, MetricsTextFile metrics) {
    this.signatures = new ReportSignatures(bucket, signer);
    this.metrics = metrics;
  }

  /**
   * Writes the report (its JSON made from its key, its Markdown from the JSON), then, not for a dry
   * run, the metrics; returns the report's key.
   */
  <R> String write(String runbook, String runId, boolean dryRun, Function<String, R> report, Function<R, String> markdown,
      Consumer<MetricsTextFile> writeMetrics) {
    String key = ReportText.runReportKey(runbook, runId);
    R json = report.apply(key);
    signatures.putReport(key, json, key.replace("report.json", "report.md"), sha -> markdown.apply(json));
    if (!dryRun) {
      writeMetrics.accept(metrics);
    }
    return key;
  }

  /** The title and the run's figures. */
  static void head(StringBuilder md, String title, String runId, boolean dryRun, String initiator, boolean force,
      Instant started, Instant finished) {
    md.append("# ").append(title).append(' ').append(cell(runId)).append(dryRun ? " (dry run)" : "").append("\n\n");
    md.append("- Started by: ").append(cell(initiator)).append(force ? " (forced)" : "").append('\n');
    md.append("- Ran: ").append(time(started)).append(" to ").append(time(finished)).append('\n');
  }

  /** How many of what, by outcome, and whether the metrics were written. */
  static void counts(StringBuilder md, String what, int total, Map<? extends Enum<?>, Integer> counts, boolean metricsWritten) {
    md.append("- ").append(what).append(": ").append(total);
    counts.forEach((o, n) -> md.append(", ").append(o.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(' ').append(n));
    md.append("\n- Metrics: ")
        .append(metricsWritten ? "written" : "not written (a dry run leaves the alerting state of the last run)").append('\n');
  }

  /** A table of the stores a run could not handle at all, under {@code title}; nothing when there are none. */
  static <S> void unhandled(StringBuilder md, String title, Iterable<S> stores, Function<S, String> id, Function<S, String> failure) {
    StringBuilder rows = new StringBuilder();
    for (S s : stores) {
      if (failure.apply(s) != null) {
        rows.append("| ").append(cell(id.apply(s))).append(" | ").append(cell(failure.apply(s))).append(" |\n");
      }
    }
    if (rows.length() > 0) {
      md.append("\n## ").append(title).append("\n\n| store | why |\n|---|---|\n").append(rows);
    }
  }
}
