package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.util.List;

/**
 * The restore tests of one region, run on its staging cluster.
 *
 * @param capacity how many restores the staging cluster takes at once; the rest wait (durably) for
 *     a free slot
 * @param firstVmid first VMID of the range reserved for restore tests on the staging cluster; slot
 *     {@code i} restores into {@code firstVmid + i}
 * @param lastVmid last VMID of the reserved range (at least {@code firstVmid + capacity - 1})
 * @param storage the staging storage restores go to
 * @param isolatedBridge the bridge with no route to the stores or the internet
 */
public record StagingRestorePlan(
    StagingCluster cluster,
    int capacity,
    int firstVmid,
    int lastVmid,
    String storage,
    String isolatedBridge,
    RestoreTimeouts timeouts,
    List<GuestRestoreTask> guests) {
  public StagingRestorePlan {
    guests = List.copyOf(guests);
  }
}
