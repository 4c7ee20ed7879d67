package dev.edgerunbooks.runbooks.drdrill;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * @param rpo the oldest a restored backup may be at drill time
 * @param rto the longest the rebuild may take, from provisioning to the last guest validated
 * @param phases targets for some phases, none longer than {@code rto}
 */
public record DrillTargetsDefinition(Duration rpo, Duration rto, Map<RtoPhase, Duration> phases) {
  public DrillTargetsDefinition {
    Objects.requireNonNull(rpo, "rpo");
    Objects.requireNonNull(rto, "rto");
    phases = Collections.unmodifiableMap(phases.isEmpty() ? new EnumMap<>(RtoPhase.class) : new EnumMap<>(phases));
  }
}
