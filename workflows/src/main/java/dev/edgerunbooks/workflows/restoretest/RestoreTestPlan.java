package dev.edgerunbooks.workflows.restoretest;

import java.util.List;

/**
 * What a restore test run restores, per staging cluster.
 *
 * @param week the ISO week the selection was made for, {@code 2026-W48}
 * @param rotationWeeks every guest is tested at least once in this many weeks
 */
public record RestoreTestPlan(String week, int rotationWeeks, List<StagingRestorePlan> regions) {
  public RestoreTestPlan {
    regions = List.copyOf(regions);
  }

  public int guestCount() {
    return regions.stream().mapToInt(r -> r.guests().size()).sum();
  }
}
