package dev.edgerunbooks.activities.patch;

import java.time.Duration;

/**
 * How long a store's patch steps wait before they give up. Polling runs at the store's task poll
 * interval ({@link dev.edgerunbooks.activities.proxmox.ClientSettings#taskPollInterval()}).
 *
 * @param nodeRebootTimeout from the reboot call until the node is online with its OSDs up
 * @param rebootStartGrace how long a node may keep running after the reboot call before the call is
 *     taken as lost and sent again (once per grace)
 * @param cephHealthTimeout how long Ceph may take to return to HEALTH_OK
 * @param guestBootTimeout from a guest's start or reboot until it runs (and a VM's agent answers)
 */
public record StorePatchSettings(
    Duration nodeRebootTimeout, Duration rebootStartGrace, Duration cephHealthTimeout, Duration guestBootTimeout) {

  public static StorePatchSettings defaults() {
    return new StorePatchSettings(Duration.ofMinutes(20), Duration.ofMinutes(3), Duration.ofMinutes(30), Duration.ofMinutes(10));
  }
}
