package dev.edgerunbooks.workflows.drdrill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The signed report of one store's DR drill.
 *
 * @param rto PROVISION start to the last guest validated; null when the drill did not get there
 * @param worstRpo the oldest backup restored, at drill time
 * @param tornDown whether teardown removed every restored guest and the backup storage
 */
public record StoreDrillReport(
    String workflowId,
    String runId,
    String storeId,
    String region,
    String requestedBy,
    Instant startedAt,
    Instant finishedAt,
    DrillVerdict verdict,
    String failure,
    List<PhaseTiming> phases,
    Duration rto,
    Duration rtoTarget,
    boolean rtoMet,
    Duration worstRpo,
    Duration rpoTarget,
    boolean rpoMet,
    List<DrillGuestResult> guests,
    boolean tornDown) {
  public StoreDrillReport {
    phases = List.copyOf(phases);
    guests = List.copyOf(guests);
  }
}
