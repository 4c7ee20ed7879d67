package dev.edgerunbooks.workflows.patch;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;
import java.util.List;

/** Reads store SLOs from the configured provider (PromQL, or the stores' metrics endpoints) and judges them. */
@ActivityInterface
public interface HealthGateActivities {
  /**
   * Records the stores' SLOs over their pre-change window {@code [from, to]} in the audit bucket,
   * the first baseline of the wave's gate; returns how many stores had data.
   */
  int captureBaseline(String bundle, int wave, List<String> stores, Instant from, Instant to);

  /** Judges the wave with {@link HealthGate} and writes every value it judged to the audit bucket. */
  GateDecision evaluate(GateRequest request);
}
