package dev.edgerunbooks.workflows.patch;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * The steps of a store's change, run by the store's own worker through its PVE API. Every step is
 * check-then-act, so a retry after a crash finds its work done and does not repeat it.
 */
@ActivityInterface
public interface StorePatchActivities {
  StorePreflight preflight(String storeId, BundleManifest bundle);

  /** Takes the named snapshot of every guest that has none by that name. */
  void snapshotGuests(String storeId, String snapshot);

  /** Sets or clears Ceph's noout flag, so a node's reboot does not start a rebalance. */
  void setNoout(String storeId, boolean set);

  /** Moves every guest off the node (live for VMs, restart for containers) to the other online nodes. */
  List<GuestPlacement> evacuateNode(String storeId, String node);

  /** Installs the host packages on the node, out of band (SSH command in production, the lab's upgrade in the lab). */
  NodeUpgrade upgradeNode(String storeId, String node, Map<String, String> packages);

  /** Reboots the node if it needs it and waits until it is back online with its OSDs up. */
  void rebootNode(String storeId, String node);

  /** Waits for Ceph HEALTH_OK (noout must be cleared first: it keeps Ceph at HEALTH_WARN). */
  void waitCephHealthy(String storeId);

  /** Moves guests back to where they were before an evacuation, skipping those already there. */
  void returnGuests(String storeId, List<GuestPlacement> placements);

  /** Points the guest at the bundle (its {@code bundle-<version>} tag), reboots it, and waits until it runs it. */
  void applyGuestBundle(String storeId, int vmid, String version);

  StoreProbeResult probeStore(String storeId);

  /**
   * Puts every guest back on {@code bundle}: a guest with the snapshot is rolled back to it and
   * started, one without gets its bundle pointer set and is rebooted.
   */
  void rollbackGuests(String storeId, String snapshot, String bundle);

  /** Deletes the named snapshot of every guest that has it. */
  void dropSnapshots(String storeId, String snapshot);
}
