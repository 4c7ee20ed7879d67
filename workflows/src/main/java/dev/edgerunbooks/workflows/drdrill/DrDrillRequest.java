package dev.edgerunbooks.workflows.drdrill;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;

/**
 * @param stores the stores to rebuild (at least one); stores of one region are drilled one after
 *     the other on its staging cluster, regions in parallel
 * @param dryRun plan only: print the order and targets, touch nothing
 */
public record DrDrillRequest(List<String> stores, boolean dryRun, String requestedBy) implements RunScope {
  public DrDrillRequest {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }

  @Override
  public String startedBy() {
    return requestedBy;
  }
}
