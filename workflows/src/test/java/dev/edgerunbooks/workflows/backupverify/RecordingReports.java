package dev.edgerunbooks.workflows.backupverify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class RecordingReports implements BackupVerifyReportActivities {
  final Map<String, StoreVerifyResult> storeResults = new ConcurrentHashMap<>();
  final Map<String, BackupVerifyReport> runReports = new ConcurrentHashMap<>();

  @Override
  public String writeStoreResult(String runPrefix, StoreVerifyResult result) {
    String key = BackupVerifyReports.storeResultKey(runPrefix, result.storeId());
    storeResults.put(key, result);
    return key;
  }

  @Override
  public String writeReport(String runPrefix, BackupVerifyReport report) {
    String key = BackupVerifyReports.runReportKey(runPrefix);
    runReports.put(key, report);
    return key;
  }
}
