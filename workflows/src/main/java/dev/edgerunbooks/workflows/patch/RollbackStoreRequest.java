package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;
import java.time.Duration;

/**
 * Incident runbook input. Workflow id: {@code rollback-store/<store>}.
 *
 * @param fromBundle the bundle to leave: its {@code pre-<bundle>} snapshots are used where they exist
 * @param toBundle the last good bundle the store goes back to
 */
public record RollbackStoreRequest(String storeId, String fromBundle, String toBundle, String initiator, Duration siteResponseTimeout) implements RunScope {
  @Override
  public List<String> stores() {
    return List.of(storeId);
  }

  /** The bundle rolled back from. */
  @Override
  public String bundle() {
    return fromBundle;
  }

  @Override
  public String startedBy() {
    return initiator;
  }
}
