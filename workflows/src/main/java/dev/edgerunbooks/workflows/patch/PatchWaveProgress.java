package dev.edgerunbooks.workflows.patch;

import java.util.List;
import java.util.Map;

/**
 * @param awaitingApproval the wave waiting for an approver, or null
 * @param pausedBecause why the run is paused, or null
 * @param inFlight stores of the current batch being changed now
 * @param stores every finished store's outcome
 */
public record PatchWaveProgress(
    String bundle,
    PatchWaveStatus status,
    int currentWave,
    Integer awaitingApproval,
    String pausedBecause,
    List<WaveProgress> waves,
    List<String> inFlight,
    Map<String, StorePatchOutcome> stores,
    List<String> decisions) {}
