package dev.edgerunbooks.workflows.patch;

public enum GateVerdict {
  PASS,
  /** Halts the wave and rolls it back. */
  FAIL,
  /** Pauses the run for a human: marginal values, or no data under {@link NoDataPolicy#PAUSE}. */
  INCONCLUSIVE
}
