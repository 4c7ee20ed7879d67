package dev.edgerunbooks.workers;

import dev.edgerunbooks.starters.namespace.SearchAttributeSetup;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import dev.edgerunbooks.activities.patch.BundleStore;
import dev.edgerunbooks.activities.patch.HealthGateActivitiesImpl;
import dev.edgerunbooks.activities.patch.PatchWaveReportActivitiesImpl;
import dev.edgerunbooks.activities.patch.SloSource;
import dev.edgerunbooks.workers.central.PatchWavePlanActivitiesImpl;
import dev.edgerunbooks.workers.site.StoreUpgraders;
import java.time.Clock;
import dev.edgerunbooks.workers.central.EvidencePlanActivitiesImpl;
import dev.edgerunbooks.activities.evidence.EvidenceReportActivitiesImpl;
import dev.edgerunbooks.activities.drdrill.CommandNodeProvisioner;
import dev.edgerunbooks.activities.drdrill.NodeProvisioner;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.BackupVerifyReportActivitiesImpl;
import dev.edgerunbooks.activities.report.DrDrillReportActivitiesImpl;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.report.RestoreTestHistory;
import dev.edgerunbooks.activities.report.RestoreTestReportActivitiesImpl;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.runbooks.drdrill.ProvisionDefinition;
import dev.edgerunbooks.runbooks.fleet.ClusterDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.workers.central.BackupVerifyPlanActivitiesImpl;
import dev.edgerunbooks.workers.central.DrDrillPlanActivitiesImpl;
import dev.edgerunbooks.workers.central.RestoreTestPlanActivitiesImpl;
import dev.edgerunbooks.workers.site.SiteWorker;
import dev.edgerunbooks.workers.site.StagingWorker;
import dev.edgerunbooks.workflows.common.ProductWorkflows;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import dev.edgerunbooks.activities.certrotation.StoreCertSettings;
import dev.edgerunbooks.activities.report.CertRotationReportActivitiesImpl;
import dev.edgerunbooks.activities.report.MetricsTextFile;
import dev.edgerunbooks.activities.report.TokenRotationReportActivitiesImpl;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.rotation.AcmeDefinition;
import dev.edgerunbooks.runbooks.rotation.RotationLoader;
import dev.edgerunbooks.workers.central.CertRotationPlanActivitiesImpl;
import dev.edgerunbooks.workers.central.TokenRotationPlanActivitiesImpl;
import dev.edgerunbooks.workers.site.SiteRotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Temporal workers of this process: the central worker on {@code edge-central}, one site worker
 * per store it serves on {@code site-<storeId>}, and one staging worker per region it serves on
 * {@code site-staging-<region>}. Started once the application is ready.
 */
@Component
public class FleetWorkers implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(FleetWorkers.class);

  private final WorkflowClient client;
  private final EdgeProperties props;
  private final FleetDefinition fleet;
  private final CredentialSource credentials;
  private final AuditBucket auditBucket;
  private final RunbookDefinitions runbooks;
  private final ReportSigner signer;
  private final ObjectProvider<NodeProvisioner> provisioner;
  private final ObjectProvider<SloSource> slos;
  private final StoreUpgraders upgraders;
  private final VaultPorts vault;
  private WorkerFactory factory;

  public FleetWorkers(
      WorkflowClient client,
      EdgeProperties props,
      FleetDefinition fleet,
      CredentialSource credentials,
      AuditBucket auditBucket,
      RunbookDefinitions runbooks,
      ObjectProvider<ReportSigner> signer,
      ObjectProvider<NodeProvisioner> provisioner,
      ObjectProvider<SloSource> slos,
      StoreUpgraders upgraders,
      VaultPorts vault) {
    this.client = client;
    this.props = props;
    this.fleet = fleet;
    this.credentials = credentials;
    this.auditBucket = auditBucket;
    this.runbooks = runbooks;
    // resolved now, so a central worker without its signing key stops the start at once
    this.signer = props.central() ? signer.getObject() : null;
    this.provisioner = provisioner;
    this.slos = slos;
    this.upgraders = upgraders;
    this.vault = vault;
  }

  @Override
  public synchronized void start() {
    List<StoreDefinition> sites = sitesServed();
    List<RegionDefinition> stagings = stagingRegionsServed(fleet, props);
    if (!props.central() && sites.isEmpty() && stagings.isEmpty()) {
      throw new IllegalStateException(
          "this process runs no worker: set EDGE_SITE_STORE (edge.site-stores) to a store id, or"
              + " EDGE_STAGING_REGION (edge.staging-regions) to a region with a staging cluster");
    }
    factory = WorkerFactory.newInstance(client);
    if (props.central()) {
      registerSearchAttributes();
      registerCentral(factory.newWorker(TaskQueues.CENTRAL));
    }
    ClientSettings settings = clientSettings();
    SiteRotation rotation = sites.isEmpty() ? null : new SiteRotation(vault.kv(), vault.issuers(acme()),
        StoreCertSettings.defaults(props.rotation().domain()));
    PinSource pins = vault.pins();
    for (StoreDefinition store : sites) {
      SiteWorker.register(factory, fleet, store, credentials, pins, settings, upgraders, rotation);
    }
    NodeProvisioner reinstall = stagings.isEmpty() ? null : provisioner.getIfAvailable(this::commandProvisioner);
    for (RegionDefinition region : stagings) {
      StagingCluster cluster = new StagingCluster(region.id());
      ClusterDefinition staging = region.staging().orElseThrow();
      StagingWorker.register(
          factory, fleet, cluster, staging, credentials, settings, reinstall,
          runbooks.restoreTest().staging().capacityFor(region.id()));
    }
    factory.start();
    log.info(
        "workers started: central={} site workers={} staging workers={} {} (namespace {})",
        props.central(),
        sites.size(),
        stagings.size(),
        stagings.stream().map(r -> new StagingCluster(r.id()).siteId()).toList(),
        client.getOptions().getNamespace());
  }

  /**
   * Registers the runs' search attributes where the namespace lacks them. A server that will not
   * (Temporal Cloud, a namespace without operator rights) does not stop the worker, which still
   * serves the runs under way: it says loudly what an administrator has to run, and edgerun says it
   * again when Temporal refuses a run for want of them.
   */
  private void registerSearchAttributes() {
    String namespace = client.getOptions().getNamespace();
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder(client.getWorkflowServiceStubs().getOptions()).validateAndBuildWithDefaults());
    try {
      List<String> added = SearchAttributeSetup.ensure(operator.blockingStub(), namespace);
      if (!added.isEmpty()) log.info("registered search attributes {} in namespace {}", added, namespace);
    } catch (SearchAttributeSetup.SetupRefused e) {
      log.error(e.getMessage());
    } finally {
      operator.shutdown();
    }
  }

  private void registerCentral(Worker central) {
    central.registerWorkflowImplementationTypes(ProductWorkflows.IMPLEMENTATIONS.toArray(Class<?>[]::new));
    RestoreTestHistory history = new RestoreTestHistory(auditBucket);
    SloSource sloSource = slos.getObject();
    List<String> storeIds = fleet.stores().stream().map(StoreDefinition::id).toList();
    central.registerActivitiesImplementations(
        new BackupVerifyPlanActivitiesImpl(fleet),
        new BackupVerifyReportActivitiesImpl(auditBucket),
        new RestoreTestPlanActivitiesImpl(fleet, runbooks.restoreTest(), runbooks.probes(), history::failedBefore),
        new RestoreTestReportActivitiesImpl(auditBucket),
        new DrDrillPlanActivitiesImpl(fleet, runbooks.drDrill(), runbooks.probes()),
        new DrDrillReportActivitiesImpl(auditBucket, signer),
        new EvidencePlanActivitiesImpl(fleet, auditBucket),
        new EvidenceReportActivitiesImpl(auditBucket, signer),
        new PatchWavePlanActivitiesImpl(
            fleet, runbooks.directory(), new BundleStore(auditBucket), sloSource, history::runs, Clock.systemUTC()),
        new HealthGateActivitiesImpl(sloSource, auditBucket, Clock.systemUTC()),
        new PatchWaveReportActivitiesImpl(sloSource, () -> storeIds, auditBucket, new PatchDriftFile(props.patch().driftFile())),
        new CertRotationPlanActivitiesImpl(fleet, runbooks.directory(), Clock.systemUTC()),
        new CertRotationReportActivitiesImpl(auditBucket, signer, new MetricsTextFile(props.rotation().certificateMetricsFile())),
        new TokenRotationPlanActivitiesImpl(fleet, runbooks.directory(), Clock.systemUTC()),
        new TokenRotationReportActivitiesImpl(auditBucket, signer, new MetricsTextFile(props.rotation().tokenMetricsFile())));
  }

  /**
   * The ACME CA of rotation.yaml, for the site workers' issuer. A missing or broken file leaves them
   * without one (a renewal through ACME then says so); the central worker refuses runs on a broken
   * file when it plans them.
   */
  private Optional<AcmeDefinition> acme() {
    Path file = props.runbooksDirectory().resolve(RotationLoader.FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return RotationLoader.load(file, fleet).acme();
    } catch (RunbookValidationException e) {
      log.warn("{} does not load, so the site workers have no ACME issuer: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Outside the lab a node is reinstalled by the command dr-drill.yaml configures. */
  private NodeProvisioner commandProvisioner() {
    ProvisionDefinition provision = runbooks.drDrill().provision();
    return new CommandNodeProvisioner(provision.command(), provision.timeout());
  }

  private List<StoreDefinition> sitesServed() {
    if (props.runsAllSites()) {
      return fleet.stores();
    }
    return fleet.storesOf(props.siteStores());
  }

  /**
   * The regions whose staging worker this process runs: every region with a staging cluster for
   * {@code *}, else the ones named, each of which must have one.
   *
   * @throws IllegalStateException naming a region the fleet lacks or one without a staging cluster
   */
  static List<RegionDefinition> stagingRegionsServed(FleetDefinition fleet, EdgeProperties props) {
    if (props.runsAllStagingRegions()) {
      return fleet.regions().stream().filter(r -> r.staging().isPresent()).toList();
    }
    List<RegionDefinition> served = new ArrayList<>();
    for (String id : props.stagingRegions()) {
      if (id.isBlank()) {
        continue;
      }
      RegionDefinition region =
          fleet.region(id.strip())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "edge.staging-regions (EDGE_STAGING_REGION) names region \"" + id + "\", which fleet "
                              + fleet.name() + " does not declare; its regions: "
                              + fleet.regions().stream().map(RegionDefinition::id).toList()));
      if (region.staging().isEmpty()) {
        throw new IllegalStateException(
            "edge.staging-regions (EDGE_STAGING_REGION) names region \"" + id + "\", which has no staging"
                + " cluster: add regions[].staging to the fleet definition, or serve another region");
      }
      served.add(region);
    }
    return served;
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
