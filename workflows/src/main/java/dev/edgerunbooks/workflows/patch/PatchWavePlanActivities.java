package dev.edgerunbooks.workflows.patch;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface PatchWavePlanActivities {
  /**
   * Verifies the bundle's signature with the pinned key and plans its waves from the wave plan. An
   * unsigned, tampered or older-than-running bundle fails with {@code BundleRejected}, an invalid
   * plan with {@code RunbookInvalid}, an unknown store with {@code UnknownStore}: all before any store is touched.
   */
  PatchWavePlan plan(PatchWaveRequest request);
}
