package dev.edgerunbooks.workflows.patch;

import io.temporal.activity.ActivityInterface;
import java.util.Map;

@ActivityInterface
public interface PatchWaveReportActivities {
  /** The fleet's patch drift now, also exported as a metric. */
  PatchDrift drift(String newestBundle);

  /** Writes the wave report (JSON and Markdown) to the audit bucket; returns the JSON's key. */
  String writeReport(PatchWaveSummary summary, Map<String, StorePatchOutcome> outcomes);
}
