package dev.edgerunbooks.workflows.backupverify;

import io.temporal.activity.ActivityInterface;

/** Writes a run's reports to the audit bucket. Runs centrally; every write is an idempotent put. */
@ActivityInterface(namePrefix = "BackupVerify")
public interface BackupVerifyReportActivities {

  /** Writes one store's full result under {@code <runPrefix>/<storeId>.json}; returns the key. */
  String writeStoreResult(String runPrefix, StoreVerifyResult result);

  /** Writes the run report at {@code <runPrefix>.json}; returns the key. */
  String writeReport(String runPrefix, BackupVerifyReport report);
}
