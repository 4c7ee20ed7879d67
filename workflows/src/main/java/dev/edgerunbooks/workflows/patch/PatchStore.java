package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.TaskQueues;
import java.time.Duration;

/**
 * A store as a patch wave plans it.
 *
 * @param timeZone IANA zone of the store's maintenance window
 * @param runningBundle the bundle the store reported at planning time; null if unknown
 * @param recoverabilityProblem why the store's last restore test does not allow a change (failed, or
 *     too old); null when it does. Such a store is skipped, not patched.
 */
public record PatchStore(
    String storeId, String timeZone, Duration siteResponseTimeout, String runningBundle, String recoverabilityProblem) {
  public String taskQueue() {
    return TaskQueues.site(storeId);
  }
}
