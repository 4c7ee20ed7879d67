package dev.edgerunbooks.workflows.patch;

/** What a health gate makes of an SLO with no data for a store: never a silent pass. */
public enum NoDataPolicy {
  /** The store fails the gate. */
  FAIL,
  /** The gate is inconclusive and the run pauses for a human. */
  PAUSE
}
