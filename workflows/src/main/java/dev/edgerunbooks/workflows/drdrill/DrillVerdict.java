package dev.edgerunbooks.workflows.drdrill;

public enum DrillVerdict {
  /** Every guest came up and every target was met. */
  PASSED,
  /** Every guest came up, but an RPO or RTO target was missed. */
  TARGETS_MISSED,
  /** A phase or a guest failed. */
  FAILED,
  /** The drill was cancelled; the staging cluster was torn down. */
  CANCELLED
}
