package dev.edgerunbooks.workflows.drdrill;

import java.time.Duration;
import java.util.Map;

/**
 * @param rpo the oldest a restored backup may be at drill time
 * @param rto the longest the rebuild may take, PROVISION to the last guest validated
 * @param phases optional targets per phase
 */
public record DrillTargets(Duration rpo, Duration rto, Map<DrillPhase, Duration> phases) {
  public DrillTargets {
    phases = phases == null ? Map.of() : Map.copyOf(phases);
  }
}
