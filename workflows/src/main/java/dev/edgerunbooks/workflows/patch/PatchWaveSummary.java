package dev.edgerunbooks.workflows.patch;

import java.util.List;

/**
 * @param reason why the run ended as it did (the gate's reason, the budget, the abort's reason)
 * @param plan the plan, on a dry run only
 * @param problems stores not patched cleanly
 * @param reportKey the wave report in the audit bucket; null on a dry run
 */
public record PatchWaveSummary(
    String workflowId,
    String bundle,
    PatchWaveStatus status,
    String reason,
    String initiator,
    PatchWavePlan plan,
    List<WaveProgress> waves,
    List<StorePatchResult> problems,
    List<String> decisions,
    PatchDrift driftAfter,
    String reportKey) {}
