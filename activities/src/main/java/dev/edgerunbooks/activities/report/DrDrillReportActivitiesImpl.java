package dev.edgerunbooks.activities.report;

import static dev.edgerunbooks.activities.report.ReportText.cell;
import static dev.edgerunbooks.activities.report.ReportText.human;
import static dev.edgerunbooks.activities.report.ReportText.time;

import dev.edgerunbooks.workflows.drdrill.DrDrillReportActivities;
import dev.edgerunbooks.workflows.drdrill.DrillGuestResult;
import dev.edgerunbooks.workflows.drdrill.DrillReportKeys;
import dev.edgerunbooks.workflows.drdrill.PhaseTiming;
import dev.edgerunbooks.workflows.drdrill.StoreDrillReport;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a store's DR drill report to the audit bucket:
 *
 * <pre>
 * reports/dr-drill/&lt;UTC date of start&gt;/&lt;storeId&gt;-&lt;runId&gt;.json      the report
 * reports/dr-drill/&lt;UTC date of start&gt;/&lt;storeId&gt;-&lt;runId&gt;.md        the same for humans
 * reports/dr-drill/&lt;UTC date of start&gt;/&lt;storeId&gt;-&lt;runId&gt;.json.sig  {@link ReportSignature} over the JSON's bytes
 * </pre>
 *
 * <p>The JSON and Markdown depend only on the report, so a retry writes the same bytes; a signature
 * already there that verifies over those bytes with this key is kept, so a retry does not re-sign.
 */
public class DrDrillReportActivitiesImpl implements DrDrillReportActivities {
  public static final String PREFIX = "reports/dr-drill/";

  private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final AuditBucket bucket;
  private final ReportSignatures signatures;

  public DrDrillReportActivitiesImpl(AuditBucket bucket, ReportSigner signer) {
    this.bucket = bucket;
    this.signatures = new ReportSignatures(bucket, signer);
  }

  /** Where {@code report}'s objects go. */
  public static DrillReportKeys keysFor(StoreDrillReport report) {
    Instant at = report.startedAt() != null ? report.startedAt() : report.finishedAt();
    if (at == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "drill report of " + report.storeId() + " has neither a start nor a finish time", ReportText.REPORT_INVALID);
    }
    String base = PREFIX + DATE.format(at) + "/" + ReportText.segment("storeId", report.storeId())
        + "-" + ReportText.segment("runId", report.runId());
    return new DrillReportKeys(base + ".json", base + ".md", base + ".json.sig");
  }

  @Override
  public DrillReportKeys writeReport(StoreDrillReport report) {
    DrillReportKeys keys = keysFor(report);
    byte[] json = bucket.toJson(keys.json(), report);
    String sha256 = signatures.putSigned(keys.json(), json, keys.signature());
    bucket.putText(keys.markdown(), markdown(report, keys, sha256), AuditBucket.MARKDOWN);
    return keys;
  }

  /** The drill report for humans. */
  String markdown(StoreDrillReport r, DrillReportKeys keys, String sha256) {
    StringBuilder md = new StringBuilder();
    md.append("# DR drill: ").append(cell(r.storeId())).append(" — ").append(r.verdict()).append("\n\n");

    md.append("| | |\n|---|---|\n");
    row(md, "Verdict", "**" + r.verdict() + "**");
    row(md, "Store", cell(r.storeId()));
    row(md, "Region", cell(r.region()));
    row(md, "Started", time(r.startedAt()));
    row(md, "Finished", time(r.finishedAt()));
    row(md, "Requested by", cell(r.requestedBy()));
    row(md, "Workflow", "`" + cell(r.workflowId()) + "` run `" + cell(r.runId()) + "`");
    row(md, "RTO", human(r.rto()) + " (target " + human(r.rtoTarget()) + ") " + metText(r.rto() == null ? null : r.rtoMet()));
    row(md, "Worst RPO", human(r.worstRpo()) + " (target " + human(r.rpoTarget()) + ") "
        + metText(r.worstRpo() == null ? null : r.rpoMet()));
    row(md, "Teardown", r.tornDown()
        ? "complete: every restored guest and the backup storage were removed"
        : "**INCOMPLETE**: restored guests or the backup storage may remain on the staging cluster; clean it up before its next use");
    md.append('\n');

    if (r.failure() != null && !r.failure().isBlank()) {
      md.append("> **Failure:** ").append(cell(r.failure())).append("\n\n");
    }

    md.append("## RTO per phase\n\n");
    md.append("RTO runs from the start of PROVISION to the last guest validated (end of RESTORE); TEARDOWN is not part of it.\n\n");
    md.append("| Phase | Start | End | Took | Target | Met | Failure |\n|---|---|---|---:|---:|---|---|\n");
    for (PhaseTiming p : r.phases()) {
      md.append("| ").append(p.phase())
          .append(" | ").append(time(p.start()))
          .append(" | ").append(time(p.end()))
          .append(" | ").append(human(p.took()))
          .append(" | ").append(human(p.target()))
          .append(" | ").append(p.target() == null ? "–" : p.met() ? "yes" : "**no**")
          .append(" | ").append(cell(p.failure()))
          .append(" |\n");
    }
    md.append("| **Total (RTO)** | | | **").append(human(r.rto())).append("** | ").append(human(r.rtoTarget()))
        .append(" | ").append(r.rto() == null ? "–" : r.rtoMet() ? "yes" : "**no**").append(" | |\n\n");

    md.append("## RPO per guest\n\n");
    md.append("RPO is the drill's start minus the time of the backup restored.\n\n");
    md.append("| # | VMID | Name | Backup | RPO | Target | Met |\n|---:|---:|---|---|---:|---:|---|\n");
    for (DrillGuestResult g : r.guests()) {
      Boolean met = rpoMet(g, r.rpoTarget());
      md.append("| ").append(g.position())
          .append(" | ").append(g.vmid())
          .append(" | ").append(cell(g.name()))
          .append(" | ").append(time(g.backupTime()))
          .append(" | ").append(human(g.rpo()))
          .append(" | ").append(human(r.rpoTarget()))
          .append(" | ").append(met == null ? "–" : met ? "yes" : "**no**")
          .append(" |\n");
    }
    md.append('\n');

    md.append("## Boot order\n\n");
    md.append("| # | VMID | Name | Role | Type | Restore | Boot | Probe | Ready after | Result |\n");
    md.append("|---:|---:|---|---|---|---:|---:|---:|---:|---|\n");
    for (DrillGuestResult g : r.guests()) {
      md.append("| ").append(g.position())
          .append(" | ").append(g.vmid())
          .append(" | ").append(cell(g.name()))
          .append(" | ").append(cell(g.role()))
          .append(" | ").append(cell(g.type()))
          .append(" | ").append(human(g.restoreTime()))
          .append(" | ").append(human(g.bootTime()))
          .append(" | ").append(human(g.probeTime()))
          .append(" | ").append(human(g.readyAfter()))
          .append(" | ").append(g.passed() ? "pass" : "**FAIL** " + cell(g.failure()))
          .append(" |\n");
    }
    md.append('\n');

    md.append("## Failures and missed targets\n\n");
    List<String> problems = problems(r);
    if (problems.isEmpty()) {
      md.append("None.\n\n");
    } else {
      problems.forEach(p -> md.append("- ").append(p).append('\n'));
      md.append('\n');
    }

    md.append("## Signature\n\n");
    md.append(signatures.describe(keys.json(), keys.signature(), sha256));
    return md.toString();
  }

  private static List<String> problems(StoreDrillReport r) {
    List<String> out = new ArrayList<>();
    if (r.failure() != null && !r.failure().isBlank()) {
      out.add("Drill: " + cell(r.failure()));
    }
    for (PhaseTiming p : r.phases()) {
      if (p.failure() != null && !p.failure().isBlank()) {
        out.add("Phase " + p.phase() + " failed: " + cell(p.failure()));
      } else if (!p.met() && p.target() != null) {
        out.add("Phase " + p.phase() + " took " + human(p.took()) + ", target " + human(p.target()));
      }
    }
    for (DrillGuestResult g : r.guests()) {
      if (!g.passed()) {
        out.add("Guest " + g.vmid() + " (" + cell(g.name()) + ") failed: " + cell(g.failure()));
      }
      if (Boolean.FALSE.equals(rpoMet(g, r.rpoTarget()))) {
        out.add("Guest " + g.vmid() + " (" + cell(g.name()) + ") RPO " + human(g.rpo()) + ", target " + human(r.rpoTarget()));
      }
    }
    if (r.rto() != null && !r.rtoMet()) {
      out.add("RTO " + human(r.rto()) + ", target " + human(r.rtoTarget()));
    }
    if (!r.tornDown()) {
      out.add("Teardown incomplete: the staging cluster still holds restored guests or the backup storage");
    }
    return out;
  }

  private static Boolean rpoMet(DrillGuestResult g, Duration target) {
    if (g.rpo() == null || target == null) {
      return null;
    }
    return g.rpo().compareTo(target) <= 0;
  }

  private static String metText(Boolean met) {
    return met == null ? "" : met ? "met" : "**missed**";
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(value.trim()).append(" |\n");
  }
}
