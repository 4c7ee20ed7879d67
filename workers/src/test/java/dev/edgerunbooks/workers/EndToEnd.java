package dev.edgerunbooks.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.ClusterResource;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.runbooks.fleet.ClusterDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.NodeDefinition;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * What the end-to-end tests share: the {@code edgerun} CLI run in-process against the embedded
 * runtime, the audit bucket, and a look at the staging clusters through the PVE API itself.
 */
final class EndToEnd {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path COMMITTED_RUNBOOKS = Path.of("..", "runbooks");

  final int temporalPort = freePort();
  final Path data = tempDir("edge-e2e");
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** {@code edgerun args…} against this runtime's Temporal, store ids checked against its fleet. */
  int edgerun(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", "127.0.0.1:" + temporalPort));
    if (args[0].equals("run")) {
      all.addAll(List.of("--fleet", data.resolve("fleet.yaml").toString()));
    }
    return EdgerunMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
  }

  /** {@code edgerun args…} as is: for the commands that read the audit bucket and never talk to Temporal. */
  int edgerunOffline(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return EdgerunMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  JsonNode outJson() {
    try {
      return JSON.readTree(out.toString());
    } catch (IOException e) {
      throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
    }
  }

  static byte[] object(S3Client s3, String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket("edge-audit").key(key).build()).asByteArray();
  }

  static JsonNode jsonObject(S3Client s3, String key) throws IOException {
    return JSON.readTree(object(s3, key));
  }

  /**
   * The guests every node of a region's staging cluster reports through {@code GET
   * /cluster/resources?type=vm} on its own API, over pinned TLS with the cluster's token: what an
   * operator would see, whether the nodes form a cluster or stand alone.
   */
  static List<String> guestsOnStaging(FleetDefinition fleet, CredentialSource credentials, String region) {
    ClusterDefinition staging = fleet.region(region).flatMap(r -> r.staging()).orElseThrow();
    StagingCluster cluster = new StagingCluster(region);
    StoreEndpoints endpoints =
        new StoreEndpoints(
            cluster.siteId(),
            staging.nodes().stream().map(n -> new NodeEndpoint(n.name(), n.endpoint(), n.fingerprint())).toList(),
            null,
            fleet.defaults().pveTokenId().value(),
            null);
    StoreClients clients = new StoreClients(endpoints, credentials, ClientSettings.defaults());
    TreeSet<String> guests = new TreeSet<>();
    for (NodeDefinition node : staging.nodes()) {
      for (ClusterResource r : clients.pveOn(node.name()).clusterResources("vm")) {
        if (r.guest()) {
          guests.add(r.type() + "/" + r.vmid() + " on " + r.node() + " (" + r.name() + ", " + r.status() + ")");
        }
      }
    }
    return List.copyOf(guests);
  }

  static List<String> stagingRegions(FleetDefinition fleet) {
    return fleet.regions().stream().filter(r -> r.staging().isPresent()).map(r -> r.id()).toList();
  }

  /** Waits for a run to close and returns how it closed. */
  static WorkflowExecutionStatus awaitClosed(WorkflowClient client, String workflowId, Duration timeout) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      WorkflowExecutionStatus status = stub.describe().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(workflowId + " still running after " + timeout);
      }
      sleep(100);
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      sleep(25);
    }
  }

  /**
   * The embedded product on free ports (Temporal on this runtime's), {@code stores} lab stores at
   * time scale 0, this runtime's data folder, {@code runbooks} as the runbooks folder.
   *
   * @param labAdminPort the lab's admin port: 0 for any free one
   */
  void embeddedOnFreePorts(DynamicPropertyRegistry registry, int stores, Path runbooks, int labAdminPort) {
    registry.add("edge.embedded.temporal-port", () -> temporalPort);
    registry.add("edge.embedded.s3-port", () -> 0);
    registry.add("edge.embedded.lab-stores", () -> stores);
    registry.add("edge.embedded.lab-base-port", () -> 0);
    registry.add("edge.embedded.lab-admin-port", () -> labAdminPort);
    registry.add("edge.embedded.lab-time-scale", () -> 0);
    registry.add("edge.embedded.data-dir", data::toString);
    registry.add("edge.runbooks-dir", runbooks::toString);
    registry.add("edge.client.task-poll-interval", () -> "100ms");
    registry.add("edge.patch.drift-file", () -> data.resolve("metrics/edge_patch_drift.prom").toString());
    registry.add("edge.rotation.certificate-metrics-file", () -> data.resolve("metrics/edge_certificates.prom").toString());
    registry.add("edge.rotation.token-metrics-file", () -> data.resolve("metrics/edge_api_tokens.prom").toString());
  }

  /**
   * Writes {@code runbooks/patch-wave.yaml} with these {@code waves} (YAML list items, one a line),
   * signed by the lab's key, always inside the window, and a gate that fails a store without data
   * and a wave with any failing store.
   */
  static void writePatchWavePlan(Path runbooks, int peerSample, int batchSize, String... waves) {
    List<String> lines = new ArrayList<>(List.of("bundles: {publicKey: keys/bundle-signing.pub.pem}", "waves:"));
    for (String wave : waves) {
      lines.add("  - " + wave);
    }
    lines.addAll(List.of(
        "window: {days: [mon, tue, wed, thu, fri, sat, sun], from: \"00:00\", to: \"00:00\", minimumLength: 1m}",
        "gate:",
        "  noData: fail",
        "  maxFailingStores: 0",
        "  peerSample: " + peerSample,
        "  slos:",
        "    ttfbP95: {limit: 0.5, marginal: 40%, max: 100%}",
        "    posLatency: {limit: 0.15, marginal: 40%, max: 100%}",
        "    cacheHitRatio: {limit: 0.8, marginal: 5%, max: 15%}",
        "    wanAvailability: {limit: 0.99, marginal: 0.5%, max: 1%}",
        "approvers: [alice, bob]",
        "batchSize: " + batchSize,
        ""));
    try {
      Files.writeString(runbooks.resolve("patch-wave.yaml"), String.join("\n", lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the committed runbooks directory, for a test to change one file of. */
  static Path runbooksCopy() {
    Path dir = tempDir("edge-runbooks");
    try (Stream<Path> files = Files.list(COMMITTED_RUNBOOKS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
      Files.createDirectories(dir.resolve("keys"));
      Files.copy(COMMITTED_RUNBOOKS.resolve("keys/bundle-signing.pub.pem"), dir.resolve("keys/bundle-signing.pub.pem"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Replaces {@code from} by {@code to} in a file, which must contain it. */
  static void edit(Path file, String from, String to) {
    try {
      String text = Files.readString(file);
      if (!text.contains(from)) {
        throw new AssertionError(file + " does not contain " + from);
      }
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
