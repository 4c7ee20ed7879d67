package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.StoreCalendar;

import java.time.Instant;
import java.util.List;

/**
 * A verified bundle and the waves that roll it out.
 *
 * @param opensAt when each wave's first store window opens, as planned at {@code plannedAt} (for the dry run)
 * @param rollbackOnHalt whether a halted wave rolls its patched stores back (else they keep the bundle)
 * @param batchSize stores per batch workflow, which keeps every history small at 5,000 stores
 */
public record PatchWavePlan(
    BundleManifest bundle,
    List<WavePlan> waves,
    StoreCalendar calendar,
    GatePolicy gate,
    List<String> approvers,
    boolean rollbackOnHalt,
    int batchSize,
    PatchDrift drift,
    Instant plannedAt,
    List<Instant> opensAt) {
  public PatchWavePlan {
    waves = List.copyOf(waves);
    approvers = List.copyOf(approvers);
    opensAt = List.copyOf(opensAt);
  }

  public int storeCount() {
    return waves.stream().mapToInt(w -> w.stores().size()).sum();
  }
}
