package dev.edgerunbooks.workflows.tokenrotation;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "TokenRotation")
public interface TokenRotationReportActivities {
  /** Writes the run's report ({@code report.json}, {@code report.md}) to the audit bucket; returns its key. */
  String write(TokenRotationSummary summary);
}
