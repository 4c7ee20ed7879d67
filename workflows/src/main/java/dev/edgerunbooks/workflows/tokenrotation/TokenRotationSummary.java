package dev.edgerunbooks.workflows.tokenrotation;

import java.time.Instant;
import java.util.List;

public record TokenRotationSummary(
    String runId,
    boolean dryRun,
    boolean force,
    String initiator,
    Instant startedAt,
    Instant finishedAt,
    TokenPolicy policy,
    List<StoreTokenResult> stores,
    String reportKey) {
  public TokenRotationSummary {
    stores = List.copyOf(stores);
  }

  public long count(TokenOutcome outcome) {
    return stores.stream().flatMap(s -> s.accounts().stream()).filter(a -> a.outcome() == outcome).count();
  }
}
