package dev.edgerunbooks.workflows.tokenrotation;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;

/**
 * @param stores the stores whose tokens to rotate; empty means every store of the fleet
 * @param force rotate every token, due or not
 * @param dryRun report which tokens would be rotated and why, change nothing
 */
public record TokenRotationRequest(List<String> stores, boolean force, boolean dryRun, String initiator) implements RunScope {
  public TokenRotationRequest {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }

  @Override
  public String startedBy() {
    return initiator;
  }
}
