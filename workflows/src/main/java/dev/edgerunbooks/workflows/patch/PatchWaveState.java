package dev.edgerunbooks.workflows.patch;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run carries into its next execution when it continues as new after a wave.
 *
 * @param outcomes every finished store's outcome
 * @param problems the results of stores that were not patched cleanly, for the report
 * @param decisions approvals, resumes and aborts as "who: what", in order
 */
public record PatchWaveState(
    PatchWavePlan plan,
    int nextWave,
    List<WaveProgress> waves,
    Map<String, StorePatchOutcome> outcomes,
    List<StorePatchResult> problems,
    List<String> decisions) {
  public PatchWaveState {
    waves = List.copyOf(waves);
    outcomes = Map.copyOf(new TreeMap<>(outcomes));
    problems = List.copyOf(problems);
    decisions = List.copyOf(decisions);
  }
}
