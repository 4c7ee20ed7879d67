package dev.edgerunbooks.workflows.patch;

public enum BatchMode {
  /** Change each store. */
  PATCH,
  /** The wave passed its gate: drop the stores' {@code pre-<bundle>} snapshots. */
  RELEASE,
  /** The wave failed or was aborted: put the stores back on their previous bundle. */
  ROLLBACK
}
