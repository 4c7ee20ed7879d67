package dev.edgerunbooks.workflows.drdrill;

import io.temporal.activity.ActivityInterface;

/** Writes a drill's report (JSON, Markdown and signature) to the audit bucket. Runs centrally. */
@ActivityInterface(namePrefix = "DrDrill")
public interface DrDrillReportActivities {
  DrillReportKeys writeReport(StoreDrillReport report);
}
