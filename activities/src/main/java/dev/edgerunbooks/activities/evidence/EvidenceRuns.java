package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.DrDrillReportActivitiesImpl;
import dev.edgerunbooks.activities.report.RestoreTestHistory;
import dev.edgerunbooks.activities.report.RestoreTestIndex;
import dev.edgerunbooks.workflows.evidence.RunSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The runbook runs that finished on a day (UTC), read from their reports in the audit bucket:
 *
 * <ul>
 *   <li>backup verification: {@code reports/backup-verify/<start date>/<runId>.json};
 *   <li>DR drill: {@code reports/dr-drill/<start date>/<store>-<runId>.json}, one per store;
 *   <li>restore test: {@code reports/restore-test/<week>/<runId>.json}, found through its index.
 * </ul>
 *
 * Reports keyed by their start day are looked for under the day and the {@value #LOOKBACK_DAYS} days
 * before it, so a run that ends after midnight is counted on the day it ended. A report that cannot
 * be read but is keyed on the day is listed as such, never left out.
 */
final class EvidenceRuns {
  static final int LOOKBACK_DAYS = 2;
  static final String BACKUP_VERIFY = "reports/backup-verify/";

  private final AuditBucket bucket;

  EvidenceRuns(AuditBucket bucket) {
    this.bucket = bucket;
  }

  List<RunSummary> on(String date) {
    LocalDate day = LocalDate.parse(EvidenceFiles.date(date));
    List<RunSummary> runs = new ArrayList<>();
    for (int back = LOOKBACK_DAYS; back >= 0; back--) {
      String startDay = day.minusDays(back).toString();
      boolean keyedToday = back == 0;
      for (String key : bucket.listChildren(BACKUP_VERIFY + startDay + "/")) {
        if (key.endsWith(".json")) {
          summarize("backup-verify", key, day, keyedToday, EvidenceRuns::backupVerifyOutcome).ifPresent(runs::add);
        }
      }
      for (String key : bucket.listChildren(DrDrillReportActivitiesImpl.PREFIX + startDay + "/")) {
        if (key.endsWith(".json")) {
          summarize("dr-drill", key, day, keyedToday, EvidenceRuns::drillOutcome).ifPresent(runs::add);
        }
      }
    }
    for (RestoreTestIndex.Run run : new RestoreTestHistory(bucket).runs()) {
      if (run.finishedAt() != null && utcDay(run.finishedAt()).equals(day)) {
        summarize("restore-test", run.key(), day, true, EvidenceRuns::restoreTestOutcome).ifPresent(runs::add);
      }
    }
    runs.sort(
        Comparator.comparing(RunSummary::finishedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(RunSummary::reportKey));
    return runs;
  }

  private Optional<RunSummary> summarize(
      String runbook, String key, LocalDate day, boolean keyedToday, Function<JsonNode, String> outcome) {
    Optional<byte[]> bytes = bucket.getBytes(key);
    if (bytes.isEmpty()) {
      return Optional.empty(); // removed since it was listed
    }
    String sha256 = EvidenceHashes.sha256Hex(bytes.get());
    JsonNode report;
    Instant finishedAt;
    try {
      report = EvidenceHashes.parse(bytes.get());
      finishedAt = Instant.parse(report.path("finishedAt").asText());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return keyedToday
          ? Optional.of(new RunSummary(runbook, null, null, List.of(), List.of(),
              "report not readable: " + e.getMessage(), null, key, sha256))
          : Optional.empty();
    }
    if (!utcDay(finishedAt).equals(day)) {
      return Optional.empty();
    }
    return Optional.of(
        new RunSummary(
            runbook,
            text(report, "workflowId"),
            text(report, "requestedBy"),
            List.of(),
            List.of(),
            outcome.apply(report),
            finishedAt,
            key,
            sha256));
  }

  private static String backupVerifyOutcome(JsonNode r) {
    return r.path("passed").asInt() + " passed, " + r.path("failed").asInt() + " failed, "
        + r.path("unreachable").asInt() + " unreachable of " + r.path("stores").asInt() + " stores";
  }

  private static String restoreTestOutcome(JsonNode r) {
    return r.path("passed").asInt() + " passed, " + r.path("failed").asInt() + " failed";
  }

  private static String drillOutcome(JsonNode r) {
    String failure = text(r, "failure");
    return text(r, "storeId") + ": " + text(r, "verdict") + (failure == null || failure.isBlank() ? "" : " (" + failure + ")");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static LocalDate utcDay(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
