package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;

/**
 * One guest to restore-test.
 *
 * @param type {@code qemu} or {@code lxc}
 * @param source where the staging cluster reads the store's backups
 * @param probe the application check for the guest's role
 */
public record GuestRestoreTask(
    String storeId,
    int vmid,
    String name,
    String role,
    String type,
    SelectionReason reason,
    BackupSource source,
    GuestProbe probe) {
  public String key() {
    return storeId + "/" + vmid;
  }
}
