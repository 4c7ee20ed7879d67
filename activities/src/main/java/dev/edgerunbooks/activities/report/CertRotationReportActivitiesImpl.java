package dev.edgerunbooks.activities.report;

import static dev.edgerunbooks.activities.report.ReportText.cell;
import static dev.edgerunbooks.activities.report.ReportText.time;

import dev.edgerunbooks.activities.report.MetricsTextFile.Family;
import dev.edgerunbooks.activities.report.MetricsTextFile.Sample;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.certrotation.CertRotationReportActivities;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.Escalation;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The certificate rotation's report and expiry metrics.
 *
 * <p>The report goes to {@code cert-rotation/<run>/report.json} (signed: {@code report.json.sig}) and
 * {@code report.md}: per store and node the outcome, why it was due, the fingerprints before and
 * after, when the served certificate expires and the days it has left; escalations first. Both depend
 * only on the summary, so a retried write puts the same bytes (and keeps the signature).
 *
 * <p>The metrics go to a textfile for node_exporter, per node of every store the run checked:
 *
 * <pre>
 * edge_certificate_not_after_timestamp_seconds{store,node}  when the certificate it serves expires
 * edge_certificate_expiry_seconds{store,node}               seconds it had left when the run finished
 * edge_certificate_rotation_failed{store,node}              1 when the run's outcome for it failed, else 0
 * </pre>
 *
 * A node whose certificate is unknown after the run (BROKEN) has no expiry samples, only the failure.
 * A store the run could not check keeps its samples from the last run that did, with {@code
 * rotation_failed} set to 1. Stores the run did not cover keep theirs.
 *
 * <p>A dry run writes its report but no metrics: the metrics are the alerting state of the last real
 * run, and a dry run (often over a few stores, started by a person to preview) must neither clear a
 * failure's alert nor change what the alerts see; what it found is in its report.
 */
public final class CertRotationReportActivitiesImpl implements CertRotationReportActivities {
  public static final String RUNBOOK = "cert-rotation";
  static final String NOT_AFTER = "edge_certificate_not_after_timestamp_seconds";
  static final String EXPIRY = "edge_certificate_expiry_seconds";
  static final String FAILED = "edge_certificate_rotation_failed";

  private final RotationReports reports;

  /** @param metrics the textfile node_exporter's textfile collector reads, e.g. {@code metrics/edge_certificates.prom} */
  public CertRotationReportActivitiesImpl(AuditBucket bucket, ReportSigner signer, MetricsTextFile metrics) {
    this.reports = new RotationReports(bucket, signer, metrics);
  }

  /** One node's line of the report. @param daysLeft whole days its certificate had left when the run finished */
  public record NodeLine(
      String store,
      String node,
      NodeOutcome outcome,
      boolean escalated,
      String why,
      String previousFingerprint,
      String servedFingerprint,
      Instant notAfter,
      Long daysLeft,
      boolean outsideWindow,
      String detail) {}

  /** What report.json holds. @param metricsWritten false for a dry run */
  public record Report(
      CertRotationSummary summary, String reportKey, Map<NodeOutcome, Integer> counts, boolean metricsWritten, List<NodeLine> nodes) {}

  @Override
  public String write(CertRotationSummary summary) {
    return reports.write(RUNBOOK, summary.runId(), summary.dryRun(), key -> report(summary, key), CertRotationReportActivitiesImpl::markdown,
        metrics -> writeMetrics(summary, metrics));
  }

  static Report report(CertRotationSummary s, String key) {
    Set<String> escalated = new HashSet<>();
    s.escalations().forEach(e -> escalated.add(e.storeId() + "/" + e.node()));
    List<NodeLine> lines = new ArrayList<>();
    Map<NodeOutcome, Integer> counts = new EnumMap<>(NodeOutcome.class);
    for (StoreCertResult store : s.stores()) {
      for (NodeRotation n : store.nodes()) {
        counts.merge(n.outcome(), 1, Integer::sum);
        lines.add(new NodeLine(store.storeId(), n.node(), n.outcome(), escalated.contains(store.storeId() + "/" + n.node()),
            n.why(), n.previousFingerprint(), n.servedFingerprint(), n.notAfter(), ReportText.daysLeft(s.finishedAt(), n.notAfter()),
            n.outsideWindow(), n.detail()));
      }
    }
    // escalated first, then the other failures, then by store and node
    lines.sort(Comparator.comparing((NodeLine l) -> !l.escalated())
        .thenComparing(l -> !l.outcome().failed())
        .thenComparing(NodeLine::store)
        .thenComparing(NodeLine::node));
    return new Report(s, key, counts, !s.dryRun(), lines);
  }

  static String markdown(Report r) {
    CertRotationSummary s = r.summary();
    CertPolicy p = s.policy();
    StringBuilder md = new StringBuilder();
    RotationReports.head(md, "Certificate rotation", s.runId(), s.dryRun(), s.initiator(), s.force(), s.startedAt(), s.finishedAt());
    if (p != null) {
      md.append("- Policy: renew before ").append(ReportText.human(p.renewBefore())).append(" of expiry or at ")
          .append(ReportText.human(p.maxAge())).append(" old, escalate within ").append(ReportText.human(p.escalateBefore()))
          .append(", issuer ").append(p.issuer()).append('\n');
    }
    RotationReports.counts(md, "Nodes", r.nodes().size(), r.counts(), r.metricsWritten());
    md.append("\n## Escalations\n\n");
    if (s.escalations().isEmpty()) {
      md.append("None.\n");
    } else {
      md.append("| store | node | expires | days left | why |\n|---|---|---|---|---|\n");
      for (Escalation e : s.escalations()) {
        md.append("| ").append(cell(e.storeId())).append(" | ").append(cell(e.node())).append(" | ").append(time(e.notAfter()))
            .append(" | ").append(e.daysLeft()).append(" | ").append(cell(e.reason())).append(" |\n");
      }
    }
    RotationReports.unhandled(md, "Stores not checked", s.stores(), StoreCertResult::storeId, StoreCertResult::failure);
    md.append("\n## Nodes\n\n| store | node | outcome | why | served before | serves now | expires | days left | detail |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (NodeLine l : r.nodes()) {
      md.append("| ").append(cell(l.store())).append(" | ").append(cell(l.node())).append(" | ")
          .append(l.escalated() ? "**" + l.outcome() + "** (escalated)" : l.outcome().toString()).append(" | ")
          .append(cell(l.why())).append(l.outsideWindow() ? " (outside the window: it would have expired first)" : "")
          .append(" | ").append(fingerprint(l.previousFingerprint())).append(" | ").append(fingerprint(l.servedFingerprint()))
          .append(" | ").append(time(l.notAfter())).append(" | ").append(l.daysLeft() == null ? "–" : l.daysLeft())
          .append(" | ").append(cell(l.detail())).append(" |\n");
    }
    return md.toString();
  }

  /** Fingerprints are long: the first and last bytes tell them apart in a table; the JSON has them whole. */
  private static String fingerprint(String f) {
    if (f == null) {
      return "–";
    }
    return f.length() > 20 ? "`" + f.substring(0, 11) + "…" + f.substring(f.length() - 8) + "`" : "`" + f + "`";
  }

  private static void writeMetrics(CertRotationSummary s, MetricsTextFile metrics) {
    Set<String> covered = new HashSet<>();
    Set<String> unchecked = new HashSet<>();
    List<Sample> notAfter = new ArrayList<>();
    List<Sample> expiry = new ArrayList<>();
    List<Sample> failed = new ArrayList<>();
    for (StoreCertResult store : s.stores()) {
      if (store.nodes().isEmpty()) {
        unchecked.add(store.storeId());
        continue;
      }
      covered.add(store.storeId());
      for (NodeRotation n : store.nodes()) {
        Map<String, String> labels = MetricsTextFile.labels("store", store.storeId(), "node", n.node());
        if (n.notAfter() != null) {
          notAfter.add(new Sample(labels, n.notAfter().getEpochSecond()));
          expiry.add(new Sample(labels, Duration.between(s.finishedAt(), n.notAfter()).getSeconds()));
        }
        failed.add(new Sample(labels, n.outcome().failed() ? 1 : 0));
      }
    }
    // a store not checked keeps what the last run found of it, and says it failed
    metrics.replace(covered, unchecked, FAILED, List.of(
        new Family(NOT_AFTER, "When the certificate a node serves expires, as of the last certificate rotation run.", notAfter),
        new Family(EXPIRY, "Seconds the certificate a node serves had left when the last rotation run finished.", expiry),
        new Family(FAILED, "1 when the last rotation run failed to renew the node's certificate, else 0.", failed)));
  }
}
