package dev.edgerunbooks.workers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code edge.*}; see docs/configuration.md.
 *
 * @param fleetFile the fleet definition
 * @param central whether this process runs the central worker (workflows and central activities)
 * @param siteStores the stores whose site workers this process runs; {@code *} means every store
 * @param credentialsDir where a site worker reads {@code <storeId>.properties} with its API secrets
 * @param runbooksDir where probes.yaml, restore-test.yaml and dr-drill.yaml are; default: the fleet
 *     file's directory
 * @param stagingRegions the regions whose staging cluster's worker this process runs; {@code *}
 *     means every region with a staging cluster
 */
@ConfigurationProperties("edge")
public record EdgeProperties(
    @DefaultValue("runbooks/fleet.yaml") Path fleetFile,
    @DefaultValue("true") boolean central,
    @DefaultValue List<String> siteStores,
    Path credentialsDir,
    Path runbooksDir,
    @DefaultValue List<String> stagingRegions,
    @DefaultValue Signing signing,
    @DefaultValue Audit audit,
    @DefaultValue Client client,
    @DefaultValue Patch patch,
    @DefaultValue Vault vault,
    @DefaultValue Acme acme,
    @DefaultValue Rotation rotation,
    @DefaultValue Embedded embedded) {

  public boolean runsAllSites() {
    return siteStores.contains("*");
  }

  public boolean runsAllStagingRegions() {
    return stagingRegions.contains("*");
  }

  /** {@link #runbooksDir()}, or the directory of the fleet file when it is not set. */
  public Path runbooksDirectory() {
    if (runbooksDir != null && !runbooksDir.toString().isBlank()) {
      return runbooksDir;
    }
    Path parent = fleetFile.getParent();
    return parent != null ? parent : Path.of(".");
  }

  /**
   * How DR drill reports are signed.
   *
   * @param keyFile a PKCS#8 PEM P-256 private key; required for the central worker outside the
   *     embedded profile, which makes one under its data directory when none is set
   */
  public record Signing(Path keyFile) {
    public boolean configured() {
      return keyFile != null && !keyFile.toString().isBlank();
    }
  }

  /**
   * The audit bucket. Without an endpoint the AWS SDK's defaults apply (region, credentials chain);
   * with one (MinIO, Ceph RGW, S3Proxy) path-style access is used.
   */
  public record Audit(
      @DefaultValue("edge-audit") String bucket,
      URI endpoint,
      @DefaultValue("us-east-1") String region,
      String accessKey,
      String secretKey) {}

  /** How site workers talk to their store's APIs. */
  public record Client(
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("30s") Duration requestTimeout,
      @DefaultValue("20") double requestsPerSecond,
      @DefaultValue("1s") Duration taskPollInterval) {}

  /**
   * Patch waves. Bundles are read from {@code bundles/<version>/} of the audit bucket, where CI
   * publishes them signed; the pinned key is the one patch-wave.yaml names.
   *
   * @param prometheusUrl where the health gate queries SLOs with PromQL; when unset, each store's
   *     metrics endpoint is read directly ({@code metricsUrlTemplate})
   * @param metricsUrlTemplate a store's metrics endpoint with {@code {store}} for its id; the embedded
   *     product defaults it to the lab's
   * @param upgradeCommand the out-of-band host upgrade, one argument per entry with {@code {store}},
   *     {@code {node}}, {@code {node-address}} and {@code {packages}} replaced (no shell); the embedded
   *     product upgrades the lab's nodes instead
   * @param driftFile where the patch drift gauge is written in Prometheus' text format, for
   *     node_exporter's textfile collector
   */
  public record Patch(
      URI prometheusUrl,
      String metricsUrlTemplate,
      @DefaultValue List<String> upgradeCommand,
      @DefaultValue("30m") Duration upgradeTimeout,
      @DefaultValue("metrics/edge_patch_drift.prom") Path driftFile) {}

  /**
   * Vault: the site workers' API tokens and certificate pins (KV version 2), the nodes' certificates
   * with their keys, and Vault PKI as a certificate issuer. Without an address there is no Vault:
   * tokens come from the credentials files, pins from the fleet definition, and rotation is refused.
   * The embedded product uses the lab's Vault stand-in.
   *
   * @param token a Vault token; or {@code tokenFile}, a Vault Agent sink re-read when it changes
   * @param prefix the path under {@code kvMount} everything of ours lives in
   * @param caFile the CA certificates (PEM) Vault's TLS certificate is checked against
   * @param cacheTtl how long a worker keeps the tokens and pins it read
   * @param certificateTtl the lifetime asked of Vault PKI for a node's certificate
   */
  public record Vault(
      URI address,
      String token,
      Path tokenFile,
      String namespace,
      @DefaultValue("secret") String kvMount,
      @DefaultValue("pki") String pkiMount,
      @DefaultValue("edge-node") String pkiRole,
      @DefaultValue("edge-runbooks") String prefix,
      @DefaultValue("5s") Duration openTimeout,
      @DefaultValue("30s") Duration readTimeout,
      Path caFile,
      @DefaultValue("10s") Duration cacheTtl,
      @DefaultValue("2160h") String certificateTtl) {
    public boolean configured() {
      return address != null && !address.toString().isBlank();
    }
  }

  /**
   * The workers' side of ACME (the CA, account contact and challenge type are in rotation.yaml).
   *
   * @param caFile the CA certificates (PEM) the ACME directory's TLS certificate is checked against (a
   *     private CA such as step-ca); unset for the JDK's trust store
   * @param challengeCommand the hook that publishes and removes a challenge, one argument per entry
   *     (no shell), run with {@code present} or {@code cleanup} appended and {@code ACME_DOMAIN},
   *     {@code ACME_TOKEN}, {@code ACME_KEY_AUTHORIZATION}, {@code ACME_TXT_VALUE} in its environment
   */
  public record Acme(Path caFile, @DefaultValue List<String> challengeCommand, @DefaultValue("2m") Duration challengeTimeout) {}

  /**
   * Certificate and token rotation.
   *
   * @param domain the nodes' DNS names are {@code <node>.<store>.<domain>}
   * @param certificateMetricsFile the certificates' expiry gauges, for node_exporter's textfile collector
   * @param tokenMetricsFile the API tokens' expiry gauges, likewise
   */
  public record Rotation(
      @DefaultValue("edge.internal") String domain,
      @DefaultValue("metrics/edge_certificates.prom") Path certificateMetricsFile,
      @DefaultValue("metrics/edge_api_tokens.prom") Path tokenMetricsFile) {}

  /**
   * The embedded product: Temporal's test server, the lab and S3Proxy in this process.
   *
   * @param labWipedStaging the lab's staging clusters start as bare, freshly installed nodes
   * @param fleetGuests when not empty, the fleet keeps only the stores' guests with these VMIDs (the
   *     restore test benchmark tests one guest per store)
   */
  public record Embedded(
      @DefaultValue("true") boolean startTemporal,
      @DefaultValue("7233") int temporalPort,
      @DefaultValue("19000") int s3Port,
      @DefaultValue(".edge-runbooks") Path dataDir,
      @DefaultValue("20") int labStores,
      @DefaultValue("20000") int labBasePort,
      @DefaultValue("19999") int labAdminPort,
      @DefaultValue("0.05") double labTimeScale,
      @DefaultValue("edge-lab") String labSeed,
      @DefaultValue("false") boolean labWipedStaging,
      @DefaultValue List<Integer> fleetGuests) {}
}
