package dev.edgerunbooks.workflows.certrotation;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;

/**
 * @param stores the stores to check; empty means every store of the fleet
 * @param force renew every checked node's certificate, due or not
 * @param dryRun inspect and decide only: report what would be renewed and why, change nothing
 * @param initiator who started the run (a person, or {@code schedule})
 */
public record CertRotationRequest(List<String> stores, boolean force, boolean dryRun, String initiator) implements RunScope {
  public CertRotationRequest {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }

  @Override
  public String startedBy() {
    return initiator;
  }
}
