package dev.edgerunbooks.workers.site;

import dev.edgerunbooks.activities.evidence.EvidenceSiteActivitiesImpl;
import dev.edgerunbooks.activities.patch.StorePatchActivitiesImpl;
import java.time.Clock;
import dev.edgerunbooks.activities.backupverify.BackupVerifySiteActivitiesImpl;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.activities.certrotation.StoreCertActivitiesImpl;
import dev.edgerunbooks.activities.tokenrotation.StoreTokenActivitiesImpl;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

/** A store's own worker: it polls only {@code site-<storeId>} and holds only that store's clients. */
public final class SiteWorker {
  /** Few slots: a store is a 3-node cluster, and its API is shared with the people running it. */
  private static final int MAX_CONCURRENT_ACTIVITIES = 4;

  private SiteWorker() {}

  public static void register(
      WorkerFactory factory,
      FleetDefinition fleet,
      StoreDefinition store,
      CredentialSource credentials,
      PinSource pins,
      ClientSettings settings,
      StoreUpgraders upgraders,
      SiteRotation rotation) {
    StoreClients clients = new StoreClients(SiteEndpoints.of(fleet, store), credentials, pins, settings);
    Worker worker =
        factory.newWorker(
            TaskQueues.site(store.id()),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(MAX_CONCURRENT_ACTIVITIES)
                .setMaxConcurrentActivityTaskPollers(1)
                .build());
    worker.registerActivitiesImplementations(
        new BackupVerifySiteActivitiesImpl(clients),
        new EvidenceSiteActivitiesImpl(clients, Clock.systemUTC()),
        new StorePatchActivitiesImpl(clients, upgraders.forStore(store)),
        new StoreCertActivitiesImpl(clients, rotation.vault(), rotation.issuers(), rotation.certificates()),
        new StoreTokenActivitiesImpl(clients, rotation.vault()));
  }
}
