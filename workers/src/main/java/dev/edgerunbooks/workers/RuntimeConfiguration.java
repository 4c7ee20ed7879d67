package dev.edgerunbooks.workers;

import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.CredentialsDirectory;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The parts every profile shares. The fleet, the credentials and the bucket's endpoint come from
 * configuration, or in the embedded profile from the lab and S3Proxy it starts.
 */
@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {

  /** Cluster and site profiles: the real services, from configuration alone. */
  @Configuration(proxyBeanMethods = false)
  @Profile("!embedded")
  static class Configured {
    @Bean
    FleetDefinition fleetFromFile(EdgeProperties props) {
      return FleetLoader.load(props.fleetFile());
    }

    @Bean
    CredentialSource credentialsDirectory(EdgeProperties props) {
      if (props.credentialsDir() == null) {
        return storeId -> {
          throw new IllegalStateException(
              "no credentials for store " + storeId + ": set edge.credentials-dir (EDGE_CREDENTIALS_DIR)");
        };
      }
      return new CredentialsDirectory(props.credentialsDir());
    }

    @Bean
    AuditBucketEndpoint configuredAuditBucket(EdgeProperties props) {
      EdgeProperties.Audit a = props.audit();
      return new AuditBucketEndpoint(a.endpoint(), a.region(), a.accessKey(), a.secretKey());
    }
  }

  @Bean(destroyMethod = "close")
  S3Client auditS3(AuditBucketEndpoint where) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(where.region()));
    if (where.endpoint() != null) {
      builder.endpointOverride(where.endpoint()).forcePathStyle(true);
    }
    if (where.accessKey() != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(where.accessKey(), where.secretKey())));
    }
    return builder.build();
  }

  @Bean
  AuditBucket auditBucket(S3Client s3, EdgeProperties props) {
    return new AuditBucket(s3, props.audit().bucket());
  }
}
