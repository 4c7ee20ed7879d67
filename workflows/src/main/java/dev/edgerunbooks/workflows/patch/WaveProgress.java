package dev.edgerunbooks.workflows.patch;

import java.time.Instant;

/** A wave's state and store counts; {@code failed} counts outcomes that spend the error budget. */
public record WaveProgress(
    int index,
    String name,
    PatchWaveStatus status,
    int stores,
    int patched,
    int alreadyCurrent,
    int skipped,
    int failed,
    int aborted,
    int notStarted,
    int rolledBackAfterGate,
    String approvedBy,
    Instant startedAt,
    Instant finishedAt,
    GateDecision gate) {
  public static WaveProgress pending(WavePlan wave) {
    return new WaveProgress(wave.index(), wave.name(), PatchWaveStatus.PLANNING, wave.stores().size(), 0, 0, 0, 0, 0, 0, 0, null, null, null, null);
  }

  public int done() {
    return patched + alreadyCurrent + skipped + failed + aborted + notStarted;
  }
}
