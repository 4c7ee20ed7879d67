package dev.edgerunbooks.workflows.backupverify;

/**
 * A guest of a store and its newest backup.
 *
 * @param type {@code qemu} or {@code lxc}
 * @param newest the newest snapshot on PBS, null when the guest has never been backed up
 * @param verifyState {@code ok}, {@code failed}, or {@code none} when the snapshot was never verified
 */
public record GuestBackup(
    int vmid, String name, String type, String node, SnapshotRef newest, String verifyState) {}
