package dev.edgerunbooks.workflows.drdrill;

/**
 * Where a drill report was written in the audit bucket.
 *
 * @param json the report
 * @param markdown the same report for humans
 * @param signature the detached ECDSA P-256 signature over the JSON report's bytes
 */
public record DrillReportKeys(String json, String markdown, String signature) {}
