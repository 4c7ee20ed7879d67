package dev.edgerunbooks.workflows.staging;

import dev.edgerunbooks.workflows.common.TaskQueues;

/**
 * A region's staging cluster: where restore tests and DR drills put restored guests. Its site id is
 * {@code staging-<region>}; its own worker polls {@code site-staging-<region>} like a store's does.
 * Whatever uses the cluster runs as a workflow with the id {@link #leaseWorkflowId()}, so Temporal's
 * id uniqueness keeps a restore test and a DR drill (which wipes the cluster) from overlapping.
 */
public record StagingCluster(String region) {
  public String siteId() {
    return "staging-" + region;
  }

  public String taskQueue() {
    return TaskQueues.site(siteId());
  }

  public String leaseWorkflowId() {
    return "staging/" + region;
  }
}
