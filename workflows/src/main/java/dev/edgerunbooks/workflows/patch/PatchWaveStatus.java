package dev.edgerunbooks.workflows.patch;

public enum PatchWaveStatus {
  PLANNING,
  /** Dry run: the plan, nothing done. */
  PLANNED,
  AWAITING_APPROVAL,
  PATCHING,
  SOAKING,
  GATING,
  PAUSED,
  ROLLING_BACK,
  COMPLETED,
  /** A gate failed or the error budget was spent: the run stopped (and rolled the wave back if the plan says so). */
  HALTED,
  ABORTED;

  public boolean finished() {
    return this == PLANNED || this == COMPLETED || this == HALTED || this == ABORTED;
  }
}
