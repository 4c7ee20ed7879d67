package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.staging.StagingCluster;

/** One guest's restore test on a staging cluster, in the slot whose VMID is {@code stagingVmid}. */
public record GuestRestoreOrder(
    GuestRestoreTask task,
    StagingCluster cluster,
    int stagingVmid,
    String storage,
    String isolatedBridge,
    RestoreTimeouts timeouts) {}
