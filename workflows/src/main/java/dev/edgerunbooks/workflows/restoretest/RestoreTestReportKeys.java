package dev.edgerunbooks.workflows.restoretest;

/**
 * @param report key of the run's JSON report
 * @param trend key of the trend view (Markdown) over the last runs, per store and guest
 */
public record RestoreTestReportKeys(String report, String trend) {}
