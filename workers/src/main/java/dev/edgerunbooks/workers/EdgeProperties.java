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
 */
@ConfigurationProperties("edge")
public record EdgeProperties(
    @DefaultValue("runbooks/fleet.yaml") Path fleetFile,
    @DefaultValue("true") boolean central,
    @DefaultValue List<String> siteStores,
    Path credentialsDir,
    @DefaultValue Audit audit,
    @DefaultValue Client client,
    @DefaultValue Embedded embedded) {

  public boolean runsAllSites() {
    return siteStores.contains("*");
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

  /** The embedded product: Temporal's test server, the lab and S3Proxy in this process. */
  public record Embedded(
      @DefaultValue("true") boolean startTemporal,
      @DefaultValue("7233") int temporalPort,
      @DefaultValue("19000") int s3Port,
      @DefaultValue(".edge-runbooks") Path dataDir,
      @DefaultValue("20") int labStores,
      @DefaultValue("20000") int labBasePort,
      @DefaultValue("19999") int labAdminPort,
      @DefaultValue("0.05") double labTimeScale,
      @DefaultValue("edge-lab") String labSeed) {}
}
