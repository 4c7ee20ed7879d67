package dev.edgerunbooks.workers;

import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.CredentialsDirectory;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import dev.edgerunbooks.activities.patch.CommandNodeUpgrader;
import dev.edgerunbooks.activities.patch.MetricsEndpointSloSource;
import dev.edgerunbooks.activities.patch.PromQlSloSource;
import dev.edgerunbooks.activities.patch.SloSource;
import dev.edgerunbooks.workers.site.SiteEndpoints;
import dev.edgerunbooks.workers.site.StoreUpgraders;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The parts every profile shares. The fleet, the credentials and the bucket's endpoint come from
 * configuration, or in the embedded profile from the lab and S3Proxy it starts.
 */
@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RuntimeConfiguration.class);

  /**
   * probes.yaml, restore-test.yaml and dr-drill.yaml from {@code edge.runbooks-dir} (default: beside
   * the fleet file), for the central worker and staging workers. A file that does not load stops the
   * start with the loader's message (file, line, field, fix); a definition that does not fit the
   * fleet is warned about here and refused when a run is planned.
   */
  @Bean
  RunbookDefinitions runbookDefinitions(EdgeProperties props, FleetDefinition fleet) {
    if (!props.central() && FleetWorkers.stagingRegionsServed(fleet, props).isEmpty()) {
      return RunbookDefinitions.notNeeded(props.runbooksDirectory());
    }
    RunbookDefinitions definitions = RunbookDefinitions.load(props.runbooksDirectory());
    List<?> problems = definitions.problemsWith(fleet);
    if (!problems.isEmpty()) {
      log.warn(
          "runbook definitions in {} do not fit fleet {}; runs that meet these problems are refused:\n{}",
          definitions.directory(),
          fleet.name(),
          String.join("\n", problems.stream().map(Object::toString).toList()));
    }
    return definitions;
  }

  /** Cluster and site profiles: the real services, from configuration alone. */
  @Configuration(proxyBeanMethods = false)
  @Profile("!embedded")
  static class Configured {
    @Bean
    FleetDefinition fleetFromFile(EdgeProperties props) {
      return FleetLoader.load(props.fleetFile());
    }

    @Bean
    VaultPorts configuredVault(EdgeProperties props) {
      return VaultPorts.configured(props);
    }

    /** Vault's tokens where it holds a store's, else the store's credentials file. */
    @Bean
    CredentialSource credentialsDirectory(EdgeProperties props, VaultPorts vault) {
      if (props.credentialsDir() == null) {
        return vault.credentials(storeId -> {
          throw new IllegalStateException(
              "no credentials for store " + storeId + ": set edge.credentials-dir (EDGE_CREDENTIALS_DIR)");
        });
      }
      return vault.credentials(new CredentialsDirectory(props.credentialsDir()));
    }

    /**
     * The central worker signs DR drill reports with a key the operator manages; a process without
     * the central worker needs none.
     */
    @Bean
    @ConditionalOnProperty(name = "edge.central", havingValue = "true", matchIfMissing = true)
    ReportSigner reportSigner(EdgeProperties props) {
      if (!props.signing().configured()) {
        throw new IllegalStateException(
            "edge.signing.key-file (EDGE_SIGNING_KEY_FILE) is not set: the central worker signs DR drill"
                + " reports with it. Create a key with 'openssl genpkey -algorithm EC -pkeyopt"
                + " ec_paramgen_curve:P-256 -out report-signing-key.pem', keep it readable by the worker only,"
                + " and publish its public key to the auditors");
      }
      return ReportSigner.load(props.signing().keyFile());
    }

    @Bean
    SloSource configuredSloSource(EdgeProperties props) {
      return sloSource(props.patch(), null);
    }

    /** Each store's host upgrade runs edge.patch.upgrade-command against the node's address. */
    @Bean
    StoreUpgraders commandUpgraders(EdgeProperties props, FleetDefinition fleet) {
      EdgeProperties.Patch p = props.patch();
      return store -> {
        if (p.upgradeCommand().isEmpty()) {
          return (storeId, node, packages) -> {
            throw ApplicationFailure.newNonRetryableFailure(
                "no host upgrade command: set edge.patch.upgrade-command (EDGE_PATCH_UPGRADE_COMMAND), e.g. ssh,root@{node-address},apt-get,install,-y,{packages}",
                FailureTypes.UPGRADE_FAILED);
          };
        }
        return new CommandNodeUpgrader(p.upgradeCommand(), p.upgradeTimeout(), SiteEndpoints.of(fleet, store));
      };
    }

    @Bean
    AuditBucketEndpoint configuredAuditBucket(EdgeProperties props) {
      EdgeProperties.Audit a = props.audit();
      return new AuditBucketEndpoint(a.endpoint(), a.region(), a.accessKey(), a.secretKey());
    }
  }

  /**
   * The health gate's SLO source: PromQL when edge.patch.prometheus-url is set, else the stores'
   * metrics endpoints (edge.patch.metrics-url-template, or {@code defaultTemplate}).
   *
   * @return null when neither is configured: a process without the central worker needs none, and
   *     the central worker refuses to start without one
   */
  public static SloSource sloSource(EdgeProperties.Patch patch, String defaultTemplate) {
    if (patch.prometheusUrl() != null) {
      return new PromQlSloSource(patch.prometheusUrl());
    }
    String template = patch.metricsUrlTemplate() != null && !patch.metricsUrlTemplate().isBlank() ? patch.metricsUrlTemplate() : defaultTemplate;
    if (template == null) {
      return new UnconfiguredSloSource();
    }
    return new MetricsEndpointSloSource(template);
  }

  @Bean(destroyMethod = "close")
  S3Client auditS3(AuditBucketEndpoint where) {
    return where.client();
  }

  @Bean
  AuditBucket auditBucket(S3Client s3, EdgeProperties props) {
    return new AuditBucket(s3, props.audit().bucket());
  }
}
