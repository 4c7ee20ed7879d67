package dev.edgerunbooks.workers.site;

import dev.edgerunbooks.activities.drdrill.DrillActivitiesImpl;
import dev.edgerunbooks.activities.drdrill.NodeProvisioner;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.staging.StagingActivitiesImpl;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.runbooks.fleet.ClusterDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

/**
 * A region's staging cluster worker: it polls only {@code site-staging-<region>} and runs the restore
 * test's staging activities and the DR drill's rebuild activities against that cluster. Its
 * credentials are the cluster's own (PVE token, root password) and, under each store's id, the PBS
 * restore token of every store of the region.
 */
public final class StagingWorker {
  /** Activities besides the restores themselves: readiness checks, sweeps, a drill's three reinstalls. */
  private static final int SPARE_ACTIVITY_SLOTS = 8;

  private StagingWorker() {}

  /**
   * @param capacity the restores the restore test runs at once on this cluster: each holds an
   *     activity slot while it waits for its task or for the guest to boot
   */
  public static void register(
      WorkerFactory factory,
      FleetDefinition fleet,
      StagingCluster cluster,
      ClusterDefinition staging,
      CredentialSource credentials,
      ClientSettings settings,
      NodeProvisioner provisioner,
      int capacity) {
    StoreClients clients = new StoreClients(SiteEndpoints.staging(fleet, cluster, staging), credentials, settings);
    Worker worker =
        factory.newWorker(
            cluster.taskQueue(),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(capacity + SPARE_ACTIVITY_SLOTS)
                .setMaxConcurrentActivityTaskPollers(2)
                .build());
    worker.registerActivitiesImplementations(
        new StagingActivitiesImpl(clients, credentials), new DrillActivitiesImpl(clients, credentials, provisioner));
  }
}
