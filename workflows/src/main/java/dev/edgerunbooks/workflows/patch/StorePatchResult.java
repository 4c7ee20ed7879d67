package dev.edgerunbooks.workflows.patch;

import java.time.Instant;

/**
 * @param previousBundle what the store ran before, the rollback target; null if it was never read
 * @param hostUpgraded whether any node got the bundle's host packages (which no rollback undoes)
 * @param detail what happened, for the report: the failed step and its error, or why it was skipped
 */
public record StorePatchResult(
    String storeId, StorePatchOutcome outcome, String previousBundle, boolean hostUpgraded, String detail, Instant started, Instant finished) {
  public StorePatchResult withOutcome(StorePatchOutcome o, String why) {
    return new StorePatchResult(storeId, o, previousBundle, hostUpgraded, why, started, finished);
  }
}
