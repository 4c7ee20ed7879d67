package dev.edgerunbooks.workflows.drdrill;

import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.time.Duration;
import java.util.List;

/**
 * How to rebuild one store on its region's staging cluster.
 *
 * @param nodes the staging cluster's nodes; the first creates the cluster, the others join it
 * @param bootOrder every guest of the store, in the order they are restored and validated
 * @param provisionTimeout how long reinstalling a node may take
 */
public record StoreDrillPlan(
    String storeId,
    StagingCluster cluster,
    List<String> nodes,
    String clusterName,
    CephPlan ceph,
    String isolatedBridge,
    BackupSource source,
    List<DrillGuest> bootOrder,
    DrillTargets targets,
    Duration provisionTimeout,
    Duration restoreTimeout,
    Duration bootTimeout,
    Duration siteResponseTimeout) {
  public StoreDrillPlan {
    nodes = List.copyOf(nodes);
    bootOrder = List.copyOf(bootOrder);
  }
}
