package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;

/**
 * Starts a patch wave. Workflow id: {@code patch-wave/<bundle>}.
 *
 * @param bundle the bundle version to roll out; its signed manifest is looked up in the bundle store
 * @param initiator who started the run: never allowed to approve it
 * @param stores limit the run to these stores (empty: the fleet); waves keep their order
 * @param carried set by the run itself when it continues as new after a wave; null when started
 */
public record PatchWaveRequest(String bundle, String initiator, boolean dryRun, List<String> stores, PatchWaveState carried) implements RunScope {
  public PatchWaveRequest {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }

  public static PatchWaveRequest of(String bundle, String initiator, boolean dryRun, List<String> stores) {
    return new PatchWaveRequest(bundle, initiator, dryRun, stores, null);
  }

  @Override
  public String startedBy() {
    return initiator;
  }
}
