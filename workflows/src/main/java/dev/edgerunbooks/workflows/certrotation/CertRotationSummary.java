package dev.edgerunbooks.workflows.certrotation;

import java.time.Instant;
import java.util.List;

/**
 * @param reportKey where the report is in the audit bucket ({@code cert-rotation/<run>/report.json})
 */
public record CertRotationSummary(
    String runId,
    boolean dryRun,
    boolean force,
    String initiator,
    Instant startedAt,
    Instant finishedAt,
    CertPolicy policy,
    List<StoreCertResult> stores,
    List<Escalation> escalations,
    String reportKey) {
  public CertRotationSummary {
    stores = List.copyOf(stores);
    escalations = List.copyOf(escalations);
  }

  public long count(NodeOutcome outcome) {
    return stores.stream().flatMap(s -> s.nodes().stream()).filter(n -> n.outcome() == outcome).count();
  }
}
