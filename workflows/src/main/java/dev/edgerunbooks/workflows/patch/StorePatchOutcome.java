package dev.edgerunbooks.workflows.patch;

/** How a store's change ended. Only {@link #ROLLED_BACK} and {@link #NEEDS_ATTENTION} spend the error budget. */
public enum StorePatchOutcome {
  PATCHED,
  /** Already ran the bundle: nothing to do. */
  ALREADY_CURRENT,
  /** Preflight refused the store (unreachable, node down, Ceph unhealthy, restore test, no window): untouched. */
  SKIPPED,
  /** A step failed and the store was put back on its snapshots and previous bundle. */
  ROLLED_BACK,
  /** A step failed and the store could not be fully put back (a host upgrade cannot be undone): a human must look. */
  NEEDS_ATTENTION,
  /** The run was aborted: the store was put back, or never touched. */
  ABORTED,
  /** The wave halted before the store's turn. */
  NOT_STARTED;

  public boolean spendsBudget() {
    return this == ROLLED_BACK || this == NEEDS_ATTENTION;
  }
}
