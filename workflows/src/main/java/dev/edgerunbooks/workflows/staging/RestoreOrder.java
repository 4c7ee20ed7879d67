package dev.edgerunbooks.workflows.staging;

/**
 * Restore one backup onto a staging cluster.
 *
 * @param targetVmid the VMID on the staging cluster (from the reserved range for restore tests, the
 *     store's own VMID in a DR drill)
 * @param type {@code qemu} or {@code lxc}
 * @param volid the backup's volume id as the staging cluster names it
 * @param storage the target storage, always named explicitly
 */
public record RestoreOrder(int targetVmid, String type, String volid, String storage) {}
