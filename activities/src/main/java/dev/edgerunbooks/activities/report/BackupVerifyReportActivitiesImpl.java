package dev.edgerunbooks.activities.report;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyReport;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyReportActivities;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyReports;
import dev.edgerunbooks.workflows.backupverify.StoreVerifyResult;

public class BackupVerifyReportActivitiesImpl implements BackupVerifyReportActivities {
  private final AuditBucket bucket;

  public BackupVerifyReportActivitiesImpl(AuditBucket bucket) {
    this.bucket = bucket;
  }

  @Override
  public String writeStoreResult(String runPrefix, StoreVerifyResult result) {
    return bucket.putJson(BackupVerifyReports.storeResultKey(runPrefix, result.storeId()), result);
  }

  @Override
  public String writeReport(String runPrefix, BackupVerifyReport report) {
    return bucket.putJson(BackupVerifyReports.runReportKey(runPrefix), report);
  }
}
