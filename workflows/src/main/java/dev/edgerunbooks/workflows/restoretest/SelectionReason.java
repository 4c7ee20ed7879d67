package dev.edgerunbooks.workflows.restoretest;

/** Why a guest is restored this week. */
public enum SelectionReason {
  /** Its turn in the rotation that tests every guest once every N weeks. */
  ROTATION,
  /** Its restore test failed in the last run of an earlier week. */
  LAST_FAILED
}
