package dev.edgerunbooks.workers;

import java.net.URI;

/**
 * Where the audit bucket is reached. Null endpoint and keys mean the AWS SDK's defaults (real S3,
 * credentials from the environment or instance role).
 */
public record AuditBucketEndpoint(URI endpoint, String region, String accessKey, String secretKey) {}
