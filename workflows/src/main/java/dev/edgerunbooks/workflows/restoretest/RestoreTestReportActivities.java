package dev.edgerunbooks.workflows.restoretest;

import io.temporal.activity.ActivityInterface;

/** Writes a run's report and the trend over the last runs to the audit bucket. Runs centrally. */
@ActivityInterface(namePrefix = "RestoreTest")
public interface RestoreTestReportActivities {
  RestoreTestReportKeys writeReport(RestoreTestReport report);
}
