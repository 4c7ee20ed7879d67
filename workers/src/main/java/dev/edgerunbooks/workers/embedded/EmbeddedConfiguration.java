package dev.edgerunbooks.workers.embedded;

import dev.edgerunbooks.activities.drdrill.NodeProvisioner;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabCredentials;
import dev.edgerunbooks.lab.LabOptions;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.workers.AuditBucketEndpoint;
import dev.edgerunbooks.workers.EdgeProperties;
import dev.edgerunbooks.workers.VaultPorts;
import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.edgerunbooks.activities.patch.SloSource;
import dev.edgerunbooks.lab.ApiException;
import dev.edgerunbooks.workers.RuntimeConfiguration;
import dev.edgerunbooks.workers.site.StoreUpgraders;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.NodeUpgrade;
import io.temporal.failure.ApplicationFailure;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Profile;

/**
 * Everything the product needs, in this process: Temporal's test server on a real port (time
 * skipping off, so the CLI and the Temporal API see it like {@code temporal server start-dev}), the
 * lab's simulated fleet, and S3Proxy on a local folder as the audit bucket.
 */
@Configuration(proxyBeanMethods = false)
@Profile("embedded")
public class EmbeddedConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedConfiguration.class);
  static final String S3_IDENTITY = "edge-runbooks";
  static final String S3_CREDENTIAL = "edge-runbooks-embedded";

  /**
   * Temporal's test server in this process, unless {@code edge.embedded.start-temporal=false}: then
   * the product uses the server at {@code spring.temporal.connection.target} (for example one
   * started with {@code edgerun temporal-server}), so workers can be killed and restarted while the
   * runs they were working on survive.
   */
  @Bean(destroyMethod = "close")
  Closeable embeddedTemporal(EdgeProperties props) {
    if (!props.embedded().startTemporal()) {
      return () -> {};
    }
    int port = props.embedded().temporalPort();
    log.info("starting Temporal's test server on 127.0.0.1:{} (time skipping off)", port);
    return TestServer.createPortBoundServer(port, true);
  }

  /** After Temporal's port is bound, so the lab's random ports (tests, benchmarks) cannot take it. */
  @Bean(destroyMethod = "close")
  @DependsOn("embeddedTemporal")
  Lab lab(EdgeProperties props) {
    EdgeProperties.Embedded e = props.embedded();
    return Lab.start(
        LabOptions.defaults()
            .withStores(e.labStores())
            .withBasePort(e.labBasePort())
            .withAdminPort(e.labAdminPort())
            .withTimeScale(e.labTimeScale())
            .withSeed(e.labSeed())
            .withWipedStaging(e.labWipedStaging()));
  }

  /**
   * The committed fleet file describes the default lab; a lab of another size or on other ports
   * (benchmarks, tests) describes itself, and that description is written beside the data so the
   * CLI can check store ids against it.
   */
  @Bean
  FleetDefinition fleet(Lab lab, EdgeProperties props) throws IOException {
    String generated = lab.fleetYaml();
    Path committed = props.fleetFile();
    FleetDefinition fleet;
    if (Files.exists(committed) && Files.readString(committed).equals(generated)) {
      fleet = FleetLoader.load(committed);
    } else {
      Path written = props.embedded().dataDir().resolve("fleet.yaml");
      Files.createDirectories(written.getParent());
      Files.writeString(written, generated);
      log.info("lab fleet differs from {}; using the lab's own definition, written to {}", committed, written);
      fleet = FleetLoader.load(written);
    }
    return onlyGuests(fleet, props.embedded().fleetGuests());
  }

  /** The fleet with only the guests of these VMIDs in each store (all of them when none are named). */
  static FleetDefinition onlyGuests(FleetDefinition fleet, List<Integer> vmids) {
    if (vmids.isEmpty()) {
      return fleet;
    }
    List<StoreDefinition> stores =
        fleet.stores().stream()
            .map(s -> new StoreDefinition(s.id(), s.region(), s.timeZone(), s.pilot(), s.wave(), s.cluster(), s.pbs(),
                s.guests().stream().filter(g -> vmids.contains(g.vmid())).toList()))
            .toList();
    log.info("fleet restricted to the guests with VMID {} of each store (edge.embedded.fleet-guests)", vmids);
    return new FleetDefinition(fleet.name(), fleet.defaults(), fleet.regions(), stores);
  }

  /**
   * In the lab every site's secrets are known to the lab; a real site reads its own. A store gets its
   * API tokens; a staging cluster its PVE token and the root password a DR drill joins nodes with.
   */
  @Bean
  CredentialSource labCredentials(Lab lab, VaultPorts vault) {
    return vault.credentials(siteId -> {
      LabCredentials c = lab.credentials(siteId);
      boolean staging = lab.stagingIds().contains(siteId);
      return new StoreCredentials(c.pveSecret(), staging ? null : c.pbsSecret(), staging ? c.rootPassword() : null);
    });
  }

  /** The lab's Vault stand-in, unless edge.vault.address names a real one. */
  @Bean
  VaultPorts labVault(Lab lab, EdgeProperties props) {
    return props.vault().configured()
        ? VaultPorts.configured(props)
        : VaultPorts.at(URI.create(lab.vaultAddress()), lab.vaultToken(), props);
  }

  /** The lab's nodes are upgraded by the lab itself: the stand-in for the SSH command of production. */
  @Bean
  StoreUpgraders labUpgraders(Lab lab) {
    return store -> (storeId, node, packages) -> {
      try {
        Lab.UpgradeResult r = lab.upgradeNode(storeId, node, packages);
        return new NodeUpgrade(r.changed(), r.rebootRequired());
      } catch (ApiException e) {
        // 409: the node is down (rebooting), worth a retry; anything else is dpkg failing, which a retry repeats.
        String why = "host upgrade of " + node + " in " + storeId + " failed: " + e.getMessage();
        throw e.status() == 409
            ? ApplicationFailure.newFailure(why, FailureTypes.UPGRADE_FAILED)
            : ApplicationFailure.newNonRetryableFailure(why, FailureTypes.UPGRADE_FAILED);
      }
    };
  }

  /** SLOs come from the lab's per-store metrics endpoints unless a Prometheus is configured. */
  @Bean
  SloSource sloSource(Lab lab, EdgeProperties props) {
    return RuntimeConfiguration.sloSource(props.patch(), lab.adminUri() + "/metrics/{store}");
  }

  /** A DR drill's bare-metal reinstall of a staging node is the lab's; it comes back after 600 s x time scale. */
  @Bean
  NodeProvisioner labReinstall(Lab lab) {
    return (siteId, node, timeout, heartbeat) -> lab.reinstall(siteId, node);
  }

  /**
   * Signs DR drill reports: {@code edge.signing.key-file}, or a key made on first start under the
   * data directory ({@code .edge-runbooks/report-signing-key.pem}).
   */
  @Bean
  ReportSigner reportSigner(EdgeProperties props) {
    Path key =
        props.signing().configured()
            ? props.signing().keyFile()
            : props.embedded().dataDir().resolve("report-signing-key.pem");
    return ReportSigner.loadOrCreate(key);
  }

  @Bean(destroyMethod = "stop")
  S3Proxy auditBucketServer(EdgeProperties props) throws Exception {
    Path folder = props.embedded().dataDir().resolve("s3").toAbsolutePath();
    S3Proxy proxy = serveAuditBucket(folder, props.audit().bucket(), props.embedded().s3Port());
    log.info("audit bucket s3://{} served by S3Proxy on 127.0.0.1:{} from {}", props.audit().bucket(), proxy.getPort(), folder);
    return proxy;
  }

  /**
   * Serves {@code folder} as an S3 endpoint on loopback ({@code port} 0: any free one), creating the
   * bucket when it is not there. The embedded product and {@code edgerun evidence} both read the
   * audit bucket this way, through the S3 API as in production.
   */
  public static S3Proxy serveAuditBucket(Path folder, String bucket, int port) throws Exception {
    Files.createDirectories(folder);
    FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(folder.toString());
    if (!store.containerExists(bucket)) {
      store.createContainer(bucket);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_IDENTITY, S3_CREDENTIAL)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    return proxy;
  }

  /** How a client of {@link #serveAuditBucket} reaches it. */
  public static AuditBucketEndpoint auditBucketEndpoint(S3Proxy proxy, String region) {
    return new AuditBucketEndpoint(URI.create("http://127.0.0.1:" + proxy.getPort()), region, S3_IDENTITY, S3_CREDENTIAL);
  }

  @Bean
  AuditBucketEndpoint auditBucketEndpoint(S3Proxy proxy, EdgeProperties props) {
    return auditBucketEndpoint(proxy, props.audit().region());
  }
}
