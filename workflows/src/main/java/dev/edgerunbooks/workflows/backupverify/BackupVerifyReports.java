package dev.edgerunbooks.workflows.backupverify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Where a run's reports live in the audit bucket; one naming for the workflows and the writer. */
public final class BackupVerifyReports {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private BackupVerifyReports() {}

  /** {@code reports/backup-verify/<UTC date>/<runId>}: the run report is this plus {@code .json}. */
  public static String runPrefix(Instant startedAt, String runId) {
    return "reports/backup-verify/" + DATE.format(startedAt) + "/" + runId;
  }

  public static String runReportKey(String runPrefix) {
    return runPrefix + ".json";
  }

  public static String storeResultKey(String runPrefix, String storeId) {
    return runPrefix + "/" + storeId + ".json";
  }
}
