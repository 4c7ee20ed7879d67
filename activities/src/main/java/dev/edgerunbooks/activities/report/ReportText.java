package dev.edgerunbooks.activities.report;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Small helpers shared by the report writers: Markdown cells, durations for humans, key parts. */
public final class ReportText {
  /** Stable failure type for a report that cannot be written as given (not retryable). */
  public static final String REPORT_INVALID = "ReportInvalid";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private ReportText() {}

  /** {@code 1d 3h 20m}, {@code 14m 2s}, {@code 45s}; a dash for null. */
  public static String human(Duration d) {
    if (d == null) {
      return "–";
    }
    String sign = d.isNegative() ? "-" : "";
    Duration a = d.abs();
    if (a.compareTo(Duration.ofSeconds(1)) < 0) {
      return sign + (a.isZero() ? "0s" : a.toMillis() + "ms");
    }
    long days = a.toDays();
    int hours = a.toHoursPart();
    int minutes = a.toMinutesPart();
    int seconds = a.toSecondsPart();
    StringBuilder out = new StringBuilder(sign);
    if (days > 0) {
      out.append(days).append("d ");
    }
    if (hours > 0) {
      out.append(hours).append("h ");
    }
    if (minutes > 0) {
      out.append(minutes).append("m ");
    }
    // seconds only matter below a day
    if (seconds > 0 && days == 0) {
      out.append(seconds).append("s ");
    }
    return out.toString().trim();
  }

  public static String time(Instant t) {
    return t == null ? "–" : TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Text safe inside a Markdown table cell: no pipes breaking the row, no line breaks. */
  public static String cell(Object value) {
    if (value == null) {
      return "";
    }
    return value.toString().replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /**
   * {@code <runbook>/<run>/report.json} for a run whose id is {@code <runbook>/<run>} (a workflow id)
   * or just {@code <run>}. The run may have several parts ({@code 2026-11-24/dry-run-1795529380758}),
   * each a {@link #segment} and none {@code .} or {@code ..}.
   */
  public static String runReportKey(String runbook, String runId) {
    String run = runId != null && runId.startsWith(runbook + "/") ? runId.substring(runbook.length() + 1) : runId;
    for (String part : (run == null ? "" : run).split("/", -1)) {
      segment("run", part.equals(".") || part.equals("..") ? "" : part);
    }
    return runbook + "/" + run + "/report.json";
  }

  /** Whole days from {@code from} to {@code to}, rounded down (negative once past); null without {@code to}. */
  public static Long daysLeft(Instant from, Instant to) {
    return to == null || from == null ? null : Math.floorDiv(Duration.between(from, to).getSeconds(), 86_400L);
  }

  /** A key segment: non-blank, with no slash that would change the layout. */
  public static String segment(String what, String value) {
    if (value == null || value.isBlank() || value.contains("/") || value.contains("\\")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "report " + what + " '" + value + "' cannot name an audit bucket key: it must be non-blank without slashes",
          REPORT_INVALID);
    }
    return value;
  }
}
