package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.workflows.patch.NodeUpgrade;
import java.util.Map;

/**
 * Installs host packages on one node out of band: the PVE API cannot install upgrades (only an
 * interactive {@code termproxy} shell), so production runs a command over SSH ({@link
 * CommandNodeUpgrader}) and the lab its own upgrade. {@link StorePatchActivitiesImpl} checks {@code
 * apt/versions} before and after, so an upgrader need not be idempotent itself.
 */
@FunctionalInterface
public interface NodeUpgrader {

  /**
   * Installs exactly these versions on {@code node} of {@code storeId}.
   *
   * @param packages Debian package name to version, only those not installed yet
   * @return what the upgrader knows; the activity reads the truth from {@code apt/versions} afterwards
   * @throws io.temporal.failure.ApplicationFailure of type {@code UpgradeFailed} (non-retryable) when
   *     the installation failed
   */
  NodeUpgrade upgrade(String storeId, String node, Map<String, String> packages);
}
