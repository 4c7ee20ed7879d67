package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;
import java.time.Duration;

/** Incident runbook input. Workflow id: {@code evacuate-node/<store>/<node>}. */
public record EvacuateNodeRequest(String storeId, String node, String initiator, Duration siteResponseTimeout) implements RunScope {
  @Override
  public List<String> stores() {
    return List.of(storeId);
  }

  @Override
  public String startedBy() {
    return initiator;
  }
}
