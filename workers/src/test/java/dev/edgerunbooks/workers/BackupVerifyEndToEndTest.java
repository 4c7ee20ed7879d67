package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.common.RunAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.SearchAttributes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The whole stack: the CLI starts a run on the embedded Temporal server, the central worker fans
 * out, site workers call the lab's PVE and PBS over pinned HTTPS, and the report lands in S3Proxy.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@ActiveProfiles("embedded")
class BackupVerifyEndToEndTest {
  private static final int TEMPORAL_PORT = freePort();
  private static final Path DATA = tempDir();

  @DynamicPropertySource
  static void embeddedOnFreePorts(DynamicPropertyRegistry registry) {
    registry.add("edge.embedded.temporal-port", () -> TEMPORAL_PORT);
    registry.add("edge.embedded.s3-port", () -> 0);
    registry.add("edge.embedded.lab-base-port", () -> 0);
    registry.add("edge.embedded.lab-admin-port", () -> 0);
    registry.add("edge.embedded.lab-time-scale", () -> 0);
    registry.add("edge.embedded.data-dir", DATA::toString);
    registry.add("edge.runbooks-dir", () -> "../runbooks");
  }

  @Autowired Lab lab;
  @Autowired S3Client s3;
  @Autowired WorkflowClient client;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void clearFaults() {
    lab.storeIds().forEach(id -> lab.faults(id).clear());
  }

  private int edgerun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", "127.0.0.1:" + TEMPORAL_PORT));
    if (args[0].equals("run")) {
      all.addAll(List.of("--fleet", DATA.resolve("fleet.yaml").toString()));
    }
    return EdgerunMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
  }

  @Test
  void reportsExactlyTheCorruptBackupAndTheUnreachableStore() throws Exception {
    lab.faults("store-0003").corruptNewestBackup(101);
    lab.faults("store-0007").unreachable(true);

    int exit = edgerun("run", "backup-verify", "--wait", "--json");

    assertThat(exit).as(err.toString()).isEqualTo(1);
    JsonNode summary = new ObjectMapper().readTree(out.toString());
    assertThat(summary.get("stores").asInt()).isEqualTo(20);
    assertThat(summary.get("passed").asInt()).as(out.toString()).isEqualTo(18);
    assertThat(summary.get("failed").asInt()).isEqualTo(1);
    assertThat(summary.get("unreachable").asInt()).isEqualTo(1);
    JsonNode failures = summary.get("failures");
    assertThat(failures).hasSize(2);
    JsonNode corrupt = failures.get(0).get("storeId").asText().equals("store-0003") ? failures.get(0) : failures.get(1);
    JsonNode down = corrupt == failures.get(0) ? failures.get(1) : failures.get(0);
    assertThat(corrupt.get("vmid").asInt()).isEqualTo(101);
    assertThat(corrupt.get("kind").asText()).isEqualTo("VERIFY_FAILED");
    assertThat(corrupt.get("reason").asText()).contains("verification failed");
    assertThat(down.get("storeId").asText()).isEqualTo("store-0007");
    assertThat(down.get("kind").asText()).isEqualTo("STORE_UNREACHABLE");
    assertThat(down.get("reason").asText()).containsIgnoringCase("refused");
    assertThat(err.toString()).contains("started backup-verify/").contains("/20 stores");

    String key = summary.get("reportKey").asText();
    JsonNode report =
        new ObjectMapper()
            .readTree(s3.getObjectAsBytes(GetObjectRequest.builder().bucket("edge-audit").key(key).build()).asByteArray());
    assertThat(report.get("storeResults")).hasSize(20);
    assertThat(report.get("failures")).hasSize(2);
    assertThat(report.get("requestedBy").asText()).startsWith("user:");
    JsonNode store3 = report.get("storeResults").get(2);
    assertThat(store3.get("storeId").asText()).isEqualTo("store-0003");
    assertThat(store3.get("guestsPassed").asInt()).isEqualTo(store3.get("guests").asInt() - 1);
    JsonNode detail =
        new ObjectMapper()
            .readTree(
                s3.getObjectAsBytes(
                        GetObjectRequest.builder().bucket("edge-audit").key(store3.get("detailKey").asText()).build())
                    .asByteArray());
    assertThat(detail.get("guests")).hasSize(store3.get("guests").asInt());
  }

  @Test
  void refusesAnUnknownStoreBeforeStartingAnything() {
    int exit = edgerun("run", "backup-verify", "--stores", "store-0003,store-0300");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("store-0300").contains("did you mean");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void statusShowsAFinishedRun() throws Exception {
    assertThat(edgerun("run", "backup-verify", "--stores", "store-0001,store-0002", "--wait")).as(err.toString()).isZero();
    String id = out.toString().lines().filter(l -> l.startsWith("backup-verify/")).findFirst().orElseThrow();
    String workflowId = id.substring(0, id.indexOf(':'));
    out.getBuffer().setLength(0);

    assertThat(edgerun("status", workflowId)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 stores, 2 passed, 0 failed, 0 unreachable");
    assertThat(edgerun("status", "backup-verify/nope")).isEqualTo(4);

    // the worker registered the search attributes, so the run and each store's part carry them
    assertThat(client.newUntypedWorkflowStub(workflowId).describe().getStaticSummary())
        .matches("backup-verify on store-0001, store-0002, started by user:\\S+");
    SearchAttributes run = client.newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes();
    assertThat(run.get(RunAttributes.RUNBOOK)).isEqualTo("backup-verify");
    assertThat(run.get(RunAttributes.STORE)).containsExactly("store-0001", "store-0002");
    SearchAttributes store = client.newUntypedWorkflowStub(workflowId + "/store-0002").describe().getTypedSearchAttributes();
    assertThat(store.get(RunAttributes.RUNBOOK)).isEqualTo("backup-verify");
    assertThat(store.get(RunAttributes.STORE)).containsExactly("store-0002");
  }

  @Test
  void aDryRunPrintsThePlanOfTheFleetFileAndAsksNoStore() {
    // a store that cannot be reached does not matter: a dry run asks no store anything
    lab.faults("store-0003").unreachable(true);

    assertThat(edgerun("run", "backup-verify", "--stores", "store-0003", "--dry-run")).as(err.toString()).isZero();

    String first = out.toString().lines().findFirst().orElseThrow();
    assertThat(first).matches("backup-verify/\\S+Z/dry-run-\\d+: dry run, no store was asked anything");
    String workflowId = first.substring(0, first.indexOf(':'));
    assertThat(out.toString())
        .contains("\nstore-0003: ")
        .containsPattern("\n  101 +\\S+ +\\S+ +RPO \\S+\n")
        .containsPattern("\n1 stores, [1-9]\\d* guests would be verified");
    assertThat(client.newUntypedWorkflowStub(workflowId).describe().getStaticSummary())
        .matches("dry run: backup-verify on store-0003, started by user:\\S+");
    assertThatThrownBy(() -> client.newUntypedWorkflowStub(workflowId + "/store-0003").describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("edge-e2e");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
