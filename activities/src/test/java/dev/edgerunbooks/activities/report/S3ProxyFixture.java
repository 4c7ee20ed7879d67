package dev.edgerunbooks.activities.report;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** An audit bucket on S3Proxy over a temporary folder, started per test. */
public abstract class S3ProxyFixture {
  protected static final String BUCKET = AuditBucketTest.BUCKET;

  @TempDir protected Path dataDir;
  protected S3Proxy proxy;
  protected S3Client s3;
  protected AuditBucket bucket;

  @BeforeEach
  protected void startS3Proxy() throws Exception {
    FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(dataDir.toString());
    store.createContainer(BUCKET);
    proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, AuditBucketTest.IDENTITY, AuditBucketTest.SECRET)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    s3 = AuditBucketTest.client(URI.create("http://127.0.0.1:" + proxy.getPort()));
    bucket = new AuditBucket(s3, BUCKET);
  }

  @AfterEach
  protected void stopS3Proxy() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
  }

  protected byte[] bytes(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
  }

  protected String text(String key) {
    return new String(bytes(key), StandardCharsets.UTF_8);
  }

  protected String contentType(String key) {
    return s3.headObject(b -> b.bucket(BUCKET).key(key)).contentType();
  }

  /** A client for an endpoint nothing listens on. */
  static S3Client unreachableClient() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    return AuditBucketTest.client(closed);
  }
}
