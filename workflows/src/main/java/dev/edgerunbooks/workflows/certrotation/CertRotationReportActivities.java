package dev.edgerunbooks.workflows.certrotation;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "CertRotation")
public interface CertRotationReportActivities {
  /**
   * Writes the run's report ({@code report.json} and {@code report.md}) to the audit bucket and the
   * expiry metrics of every checked node; returns the report's key.
   */
  String write(CertRotationSummary summary);
}
