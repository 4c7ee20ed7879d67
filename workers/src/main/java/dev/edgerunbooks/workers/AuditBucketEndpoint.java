package dev.edgerunbooks.workers;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where the audit bucket is reached. Null endpoint and keys mean the AWS SDK's defaults (real S3,
 * credentials from the environment or instance role).
 */
public record AuditBucketEndpoint(URI endpoint, String region, String accessKey, String secretKey) {

  /** An S3 client for this endpoint: path-style for an endpoint of its own (MinIO, Ceph RGW, S3Proxy). */
  public S3Client client() {
    S3ClientBuilder builder =
        S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(region));
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    if (accessKey != null) {
      builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    }
    return builder.build();
  }
}
