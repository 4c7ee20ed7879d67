package dev.edgerunbooks.workers;

import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.BackupVerifyReportActivitiesImpl;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.workers.central.BackupVerifyPlanActivitiesImpl;
import dev.edgerunbooks.workers.site.SiteWorker;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflowImpl;
import dev.edgerunbooks.workflows.backupverify.StoreBackupVerifyWorkflowImpl;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Temporal workers of this process: the central worker on {@code edge-central} and one site
 * worker per store it serves on {@code site-<storeId>}. Started once the application is ready.
 */
@Component
public class FleetWorkers implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(FleetWorkers.class);

  private final WorkflowClient client;
  private final EdgeProperties props;
  private final FleetDefinition fleet;
  private final CredentialSource credentials;
  private final AuditBucket auditBucket;
  private WorkerFactory factory;

  public FleetWorkers(
      WorkflowClient client,
      EdgeProperties props,
      FleetDefinition fleet,
      CredentialSource credentials,
      AuditBucket auditBucket) {
    this.client = client;
    this.props = props;
    this.fleet = fleet;
    this.credentials = credentials;
    this.auditBucket = auditBucket;
  }

  @Override
  public synchronized void start() {
    factory = WorkerFactory.newInstance(client);
    if (props.central()) {
      Worker central = factory.newWorker(TaskQueues.CENTRAL);
      central.registerWorkflowImplementationTypes(
          BackupVerifyWorkflowImpl.class, StoreBackupVerifyWorkflowImpl.class);
      central.registerActivitiesImplementations(
          new BackupVerifyPlanActivitiesImpl(fleet), new BackupVerifyReportActivitiesImpl(auditBucket));
    }
    List<StoreDefinition> sites = sitesServed();
    ClientSettings settings = clientSettings();
    for (StoreDefinition store : sites) {
      SiteWorker.register(factory, fleet, store, credentials, settings);
    }
    factory.start();
    log.info(
        "workers started: central={} site workers={} (namespace {})",
        props.central(),
        sites.size(),
        client.getOptions().getNamespace());
  }

  private List<StoreDefinition> sitesServed() {
    if (props.runsAllSites()) {
      return fleet.stores();
    }
    return fleet.storesOf(props.siteStores());
  }

  private ClientSettings clientSettings() {
    EdgeProperties.Client c = props.client();
    return ClientSettings.defaults()
        .withRequestTimeout(c.requestTimeout())
        .withRequestsPerSecond(c.requestsPerSecond())
        .withTaskPollInterval(c.taskPollInterval());
  }

  @Override
  public synchronized void stop() {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      factory = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return factory != null;
  }
}
