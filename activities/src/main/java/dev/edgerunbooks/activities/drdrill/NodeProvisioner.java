package dev.edgerunbooks.activities.drdrill;

import java.time.Duration;

/**
 * Reinstalls one node of a site out of band, as a DR drill's first step: PXE and an answer file, a
 * BMC, a lab. The node must come back with the same name, address, API certificate and API token
 * (the installer restores them), empty and in no cluster; {@link DrillActivitiesImpl} waits for
 * that.
 */
@FunctionalInterface
public interface NodeProvisioner {

  /**
   * Reinstalls {@code node} of {@code siteId} and returns once the reinstall is done or handed off.
   *
   * @param timeout how long it may take at most
   * @param heartbeat call it at least every few seconds while waiting, so the activity is seen alive
   * @throws io.temporal.failure.ApplicationFailure of type {@code ProvisioningFailed} (non-retryable)
   *     when the reinstall failed
   */
  void reinstall(String siteId, String node, Duration timeout, Runnable heartbeat);
}
