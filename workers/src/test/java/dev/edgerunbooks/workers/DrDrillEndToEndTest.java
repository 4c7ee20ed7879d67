package dev.edgerunbooks.workers;

import static dev.edgerunbooks.workers.EndToEnd.guestsOnStaging;
import static dev.edgerunbooks.workers.EndToEnd.jsonObject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The DR drill end to end on the lab's wiped staging clusters (three bare standalone nodes each):
 * the staging worker reinstalls the nodes through the lab (600 s x 0.01), creates the cluster and
 * joins the nodes with the root password, brings Ceph up, adds the store's PBS, restores every guest
 * in the boot order of dr-drill.yaml, validates each with its probe, tears down, and the central
 * worker signs the report.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@ActiveProfiles("embedded")
class DrDrillEndToEndTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final Path RUNBOOKS = EndToEnd.runbooksCopy();

  static {
    Path drill = RUNBOOKS.resolve("dr-drill.yaml");
    // not the VMID order, so a drill restoring by VMID would be caught
    EndToEnd.edit(drill, "bootOrder: [dns, tokenization, inventory, cache, pos, monitoring]",
        "bootOrder: [dns, cache, tokenization, inventory, pos, monitoring]");
    // the lab's newest backup is never verified, so the newest usable one is one to two days old
    EndToEnd.edit(drill, "rpo: 26h", "rpo: 72h");
  }

  /** VMIDs of the lab's guests in the boot order above: dns, cache, tokenization, inventory, pos, monitoring. */
  private static final List<Integer> BOOT_ORDER = List.of(100, 103, 101, 102, 104, 105);

  @DynamicPropertySource
  static void embeddedOnFreePorts(DynamicPropertyRegistry registry) {
    registry.add("edge.embedded.temporal-port", () -> E2E.temporalPort);
    registry.add("edge.embedded.s3-port", () -> 0);
    registry.add("edge.embedded.lab-base-port", () -> 0);
    registry.add("edge.embedded.lab-admin-port", () -> 0);
    registry.add("edge.embedded.lab-time-scale", () -> 0.01);
    registry.add("edge.embedded.lab-wiped-staging", () -> true);
    registry.add("edge.embedded.data-dir", E2E.data::toString);
    registry.add("edge.runbooks-dir", RUNBOOKS::toString);
    registry.add("edge.client.task-poll-interval", () -> "200ms");
  }

  @Autowired Lab lab;
  @Autowired S3Client s3;
  @Autowired FleetDefinition fleet;
  @Autowired CredentialSource credentials;
  @Autowired WorkflowClient client;
  @Autowired ReportSigner signer;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void rebuildsAStoreOnAWipedStagingClusterInBootOrderAndSignsTheReport() throws Exception {
    String staging = "staging-eu-west";
    assertThat(lab.inspect(staging).nodes()).as("wiped: standalone nodes").allSatisfy(n -> assertThat(n.cluster()).isNull());

    int exit = E2E.edgerun("run", "dr-drill", "--store", "store-0002", "--wait", "--json");

    assertThat(exit).as(E2E.err + "\n" + E2E.out).isZero();
    JsonNode outcome = E2E.outJson().get("stores").get(0);
    assertThat(outcome.get("storeId").asText()).isEqualTo("store-0002");
    assertThat(outcome.get("verdict").asText()).as(outcome.toString()).isEqualTo("PASSED");

    JsonNode keys = outcome.get("report");
    byte[] json = EndToEnd.object(s3, keys.get("json").asText());
    JsonNode report = EndToEnd.JSON.readTree(json);
    assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
    assertThat(report.get("tornDown").asBoolean()).isTrue();
    assertThat(report.get("rto").isNull()).as("total RTO").isFalse();
    assertThat(report.get("rtoMet").asBoolean()).isTrue();
    assertThat(report.get("rpoMet").asBoolean()).isTrue();
    List<String> phases = new ArrayList<>();
    report.get("phases").forEach(p -> {
      phases.add(p.get("phase").asText());
      assertThat(p.get("took").isNull()).as("RTO of phase " + p).isFalse();
      assertThat(p.get("failure").isNull()).as("phase " + p).isTrue();
    });
    assertThat(phases).containsExactly("PROVISION", "CLUSTER", "CEPH", "STORAGE", "RESTORE", "TEARDOWN");
    List<Integer> reported = new ArrayList<>();
    report.get("guests").forEach(g -> {
      reported.add(g.get("vmid").asInt());
      assertThat(g.get("passed").asBoolean()).as(g.toString()).isTrue();
      assertThat(g.get("rpo").isNull()).as("RPO of " + g).isFalse();
      assertThat(g.get("backupTime").isNull()).isFalse();
    });
    assertThat(reported).isEqualTo(BOOT_ORDER);

    // the lab saw the restored guests start in that order, each on the isolated bridge only
    LabInspection seen = lab.inspect(staging);
    List<Integer> started =
        seen.starts().stream().filter(s -> s.originStore().equals("store-0002")).map(s -> s.originVmid()).toList();
    assertThat(started).isEqualTo(BOOT_ORDER);
    assertThat(seen.isolationBreaches()).isEmpty();
    assertThat(seen.nodes()).allSatisfy(n -> assertThat(n.cluster()).isEqualTo("drill"));

    String markdown = new String(EndToEnd.object(s3, keys.get("markdown").asText()));
    assertThat(markdown).contains("store-0002").contains("RPO").contains("RTO").contains("dns").contains("monitoring");
    JsonNode signature = jsonObject(s3, keys.get("signature").asText());
    assertThat(signature.get("signed").asText()).isEqualTo(keys.get("json").asText());
    assertThat(signature.get("keyId").asText()).isEqualTo(signer.keyId());
    byte[] sig = Base64.getDecoder().decode(signature.get("signature").asText());
    assertThat(signer.verify(json, sig)).as("signed by the configured key").isTrue();
    assertThat(ReportSigner.verify(signature.get("publicKey").asText(), json, sig)).isTrue();
    json[json.length / 2] ^= 1;
    assertThat(signer.verify(json, sig)).as("a changed report no longer verifies").isFalse();
    assertThat(Files.exists(E2E.data.resolve("report-signing-key.pem"))).as("embedded key made on first start").isTrue();

    assertThat(guestsOnStaging(fleet, credentials, "eu-west")).as("drill guests left after teardown").isEmpty();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void cancellingMidDrillTearsDownAndEndsCancelled() throws Exception {
    String staging = "staging-us-east";
    assertThat(E2E.edgerun("run", "dr-drill", "--store", "store-0003")).as(E2E.err.toString()).isZero();
    String workflowId = E2E.out.toString().strip();
    assertThat(workflowId).startsWith("dr-drill/").endsWith("/store-0003");
    EndToEnd.await("store-0003's second guest restoring on " + staging, Duration.ofSeconds(90), () ->
        lab.inspect(staging).guests().stream().anyMatch(g -> g.originVmid() == BOOT_ORDER.get(1)));

    client.newUntypedWorkflowStub(workflowId).cancel();

    assertThat(EndToEnd.awaitClosed(client, workflowId, Duration.ofSeconds(60)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(guestsOnStaging(fleet, credentials, "us-east")).as("guests left on " + staging).isEmpty();
    // the cancelled drill still wrote its report, saying so
    String prefix = "reports/dr-drill/";
    List<String> reports = s3.listObjectsV2Paginator(b -> b.bucket("edge-audit").prefix(prefix)).contents().stream()
        .map(o -> o.key()).filter(k -> k.contains("store-0003") && k.endsWith(".json")).toList();
    assertThat(reports).hasSize(1);
    JsonNode report = jsonObject(s3, reports.get(0));
    assertThat(report.get("verdict").asText()).isEqualTo("CANCELLED");
    assertThat(report.get("tornDown").asBoolean()).isTrue();
  }
}
