package dev.edgerunbooks.workflows.patch;

import java.time.Duration;
import java.util.List;

/**
 * One wave of the plan.
 *
 * @param index 0 for the canary
 * @param concurrency stores patched at once, at most
 * @param maxFailures the error budget: the wave halts when this many stores have failed, and never
 *     has more stores in flight than {@code maxFailures - failed}, so it cannot overshoot (at least 1)
 * @param soak how long the wave's stores run on the bundle before the gate judges them
 * @param approvalRequired whether a named approver (not the initiator) must approve the wave first
 */
public record WavePlan(
    int index, String name, List<PatchStore> stores, int concurrency, int maxFailures, Duration soak, boolean approvalRequired) {
  public WavePlan {
    stores = List.copyOf(stores);
  }

  /** Stores in flight at once while {@code failed} stores have failed: never enough to overshoot the budget. */
  public int allowedInFlight(int failed) {
    return Math.max(0, Math.min(concurrency, maxFailures - failed));
  }
}
