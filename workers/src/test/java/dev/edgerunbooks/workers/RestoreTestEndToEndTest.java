package dev.edgerunbooks.workers;

import static dev.edgerunbooks.workers.EndToEnd.guestsOnStaging;
import static dev.edgerunbooks.workers.EndToEnd.jsonObject;
import static dev.edgerunbooks.workers.EndToEnd.stagingRegions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The weekly restore test end to end: the CLI starts it on the embedded Temporal server, the central
 * worker plans the week from the fleet and the runbook files, each region's staging worker restores
 * from the stores' PBS onto the lab's staging cluster (qmrestore takes 3 s at time scale 0.01), and
 * the report and trend land in S3Proxy.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@ActiveProfiles("embedded")
class RestoreTestEndToEndTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final Path RUNBOOKS = EndToEnd.runbooksCopy();

  static {
    // a VM that never boots is given up on after 15 s instead of the committed 5 minutes
    EndToEnd.edit(RUNBOOKS.resolve("restore-test.yaml"), "boot: 5m", "boot: 15s");
  }

  @DynamicPropertySource
  static void embeddedOnFreePorts(DynamicPropertyRegistry registry) {
    registry.add("edge.embedded.temporal-port", () -> E2E.temporalPort);
    registry.add("edge.embedded.s3-port", () -> 0);
    registry.add("edge.embedded.lab-base-port", () -> 0);
    registry.add("edge.embedded.lab-admin-port", () -> 0);
    registry.add("edge.embedded.lab-time-scale", () -> 0.01);
    registry.add("edge.embedded.data-dir", E2E.data::toString);
    registry.add("edge.runbooks-dir", RUNBOOKS::toString);
    registry.add("edge.client.task-poll-interval", () -> "200ms");
  }

  @Autowired Lab lab;
  @Autowired S3Client s3;
  @Autowired FleetDefinition fleet;
  @Autowired CredentialSource credentials;
  @Autowired WorkflowClient client;

  @AfterEach
  void clearFaults() {
    lab.storeIds().forEach(id -> lab.faults(id).clear());
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void reportsExactlyTheFailedRestoreAndTheGuestThatDoesNotBootAndLeavesNoGuestBehind() throws Exception {
    String week = "2026-W10";
    assertThat(E2E.edgerun("run", "restore-test", "--week", week, "--dry-run", "--json")).as(E2E.err.toString()).isZero();
    List<JsonNode> selected = new ArrayList<>();
    E2E.outJson().get("plan").get("regions").forEach(r -> r.get("guests").forEach(selected::add));
    assertThat(selected).as("about a quarter of 120 guests").hasSizeBetween(20, 40);
    assertThat(stagingRegions(fleet)).allSatisfy(r -> assertThat(guestsOnStaging(fleet, credentials, r)).isEmpty());

    JsonNode failRestore = selected.get(0);
    JsonNode noBoot =
        selected.stream()
            .filter(g -> g.get("type").asText().equals("qemu"))
            .filter(g -> !g.get("storeId").asText().equals(failRestore.get("storeId").asText()))
            .reduce((a, b) -> b)
            .orElseThrow();
    lab.faults(failRestore.get("storeId").asText()).failRestore(failRestore.get("vmid").asInt());
    lab.faults(noBoot.get("storeId").asText()).noBoot(noBoot.get("vmid").asInt());

    int exit = E2E.edgerun("run", "restore-test", "--week", week, "--wait", "--json");

    assertThat(exit).as(E2E.err.toString()).isEqualTo(1);
    JsonNode summary = E2E.outJson();
    assertThat(summary.get("total").asInt()).isEqualTo(selected.size());
    assertThat(summary.get("passed").asInt()).as(E2E.out.toString()).isEqualTo(selected.size() - 2);
    assertThat(summary.get("failed").asInt()).isEqualTo(2);
    Map<String, String> failures = new TreeMap<>();
    summary.get("failures").forEach(f -> failures.put(f.get("storeId").asText() + "/" + f.get("vmid").asInt(), f.get("failure").asText()));
    assertThat(failures)
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            key(failRestore), "RESTORE_FAILED",
            key(noBoot), "NO_BOOT"));
    summary.get("failures").forEach(f -> assertThat(f.get("cleanedUp").asBoolean()).as("destroyed after failing").isTrue());

    JsonNode report = jsonObject(s3, summary.get("reportKey").asText());
    assertThat(report.get("guests")).hasSize(selected.size());
    assertThat(report.get("failed").asInt()).isEqualTo(2);
    for (JsonNode g : report.get("guests")) {
      if (g.get("passed").asBoolean()) {
        assertThat(g.get("backupAge").isNull()).as("RPO of " + g).isFalse();
        assertThat(g.get("rto").isNull()).as("RTO of " + g).isFalse();
      }
    }
    assertThat(summary.get("trendKey").asText()).isEqualTo("reports/restore-test/trend.md");
    assertThat(new String(EndToEnd.object(s3, summary.get("trendKey").asText())))
        .containsPattern(trendRow(failRestore) + ".*RESTORE_FAILED")
        .containsPattern(trendRow(noBoot) + ".*NO_BOOT");
    assertThat(jsonObject(s3, "reports/restore-test/trend.json")).isNotNull();

    for (String region : stagingRegions(fleet)) {
      assertThat(guestsOnStaging(fleet, credentials, region)).as("guests left on staging-" + region).isEmpty();
      LabInspection seen = lab.inspect(new StagingCluster(region).siteId());
      assertThat(seen.isolationBreaches()).as("isolation breaches on staging-" + region).isEmpty();
      assertThat(seen.starts()).as("guests started on staging-" + region).isNotEmpty()
          .allSatisfy(s -> assertThat(s.bridges()).containsOnly("vmbr9"));
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void cancellingMidwayLeavesEveryStagingClusterEmptyAndEndsCancelled() {
    assertThat(E2E.edgerun("run", "restore-test", "--week", "2026-W20")).as(E2E.err.toString()).isZero();
    String workflowId = E2E.out.toString().strip();
    assertThat(workflowId).isEqualTo("restore-test/2026-W20");
    EndToEnd.await("a restore in flight on a staging cluster", Duration.ofSeconds(60), () ->
        lab.stagingIds().stream().anyMatch(id -> lab.inspect(id).guests().stream().anyMatch(g -> "create".equals(g.lock()))));

    client.newUntypedWorkflowStub(workflowId).cancel();

    assertThat(EndToEnd.awaitClosed(client, workflowId, Duration.ofSeconds(60)))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    for (String region : stagingRegions(fleet)) {
      assertThat(guestsOnStaging(fleet, credentials, region)).as("guests left on staging-" + region).isEmpty();
    }
  }

  @Test
  void refusesAnUnknownStoreOrABadWeekBeforeStartingAnything() {
    Map<String, Integer> startsBefore = startsOnStaging();

    assertThat(E2E.edgerun("run", "restore-test", "--stores", "store-0003,store-0300", "--wait")).isEqualTo(2);
    assertThat(E2E.err.toString()).contains("store-0300").contains("did you mean").doesNotContain("started");
    assertThat(E2E.out.toString()).isEmpty();

    assertThat(E2E.edgerun("run", "restore-test", "--week", "2026-W60", "--wait")).isEqualTo(2);
    assertThat(E2E.err.toString()).contains("--week").contains("2026-W60").doesNotContain("started");
    assertThat(E2E.out.toString()).isEmpty();

    assertThat(E2E.edgerun("run", "dr-drill", "--store", "store-0300", "--wait")).isEqualTo(2);
    assertThat(E2E.err.toString()).contains("store-0300").doesNotContain("started");

    assertThat(startsOnStaging()).as("guests started on staging").isEqualTo(startsBefore);
  }

  private Map<String, Integer> startsOnStaging() {
    Map<String, Integer> starts = new TreeMap<>();
    lab.stagingIds().forEach(id -> starts.put(id, lab.inspect(id).starts().size()));
    return starts;
  }

  private static String trendRow(JsonNode guest) {
    return "\\| " + guest.get("storeId").asText() + " \\| " + guest.get("vmid").asInt() + " \\|";
  }

  private static String key(JsonNode guest) {
    return guest.get("storeId").asText() + "/" + guest.get("vmid").asInt();
  }
}
