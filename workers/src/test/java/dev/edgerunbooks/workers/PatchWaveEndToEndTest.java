package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.activities.patch.BundleStore;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.patch.Approval;
import dev.edgerunbooks.workflows.patch.GateVerdict;
import dev.edgerunbooks.workflows.patch.Intervention;
import dev.edgerunbooks.workflows.patch.PatchWaveProgress;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.PatchWaveStatus;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import dev.edgerunbooks.workflows.patch.StorePatchOutcome;
import dev.edgerunbooks.workflows.patch.StorePatchResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Patch waves end to end over 50 lab stores: the site workers change the stores through the lab's
 * PVE API, the gate reads the lab's metrics endpoints, bundles come signed from the audit bucket.
 * What was touched is checked through the lab's own operation counts.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@ActiveProfiles("embedded")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatchWaveEndToEndTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final int STORES = 50;
  private static final String OLD = "2026.11.0";
  private static final List<String> CANARY = IntStream.rangeClosed(1, 5).mapToObj(i -> String.format("store-%04d", i)).toList();
  private static final Path RUNBOOKS = EndToEnd.runbooksCopy();

  @DynamicPropertySource
  static void embeddedOnFreePorts(DynamicPropertyRegistry registry) {
    EndToEnd.writePatchWavePlan(
        RUNBOOKS,
        20,
        20,
        "{name: canary, stores: [store-0001, store-0002, store-0003, store-0004, store-0005], concurrency: 2, maxFailures: 2, soak: 2s}",
        "{name: rest, size: rest, concurrency: 15, maxFailures: 15, soak: 2s, approval: true}");
    E2E.embeddedOnFreePorts(registry, STORES, RUNBOOKS, 0);
  }

  @Autowired Lab lab;
  @Autowired WorkflowClient client;
  @Autowired AuditBucket bucket;

  @BeforeEach
  void countFromZero() {
    lab.storeIds().forEach(lab::resetOperations);
  }

  private void publish(String version, String hostPackages, boolean signed) {
    byte[] manifest =
        ("{\"version\":\"" + version + "\",\"hostPackages\":{" + hostPackages + "},\"guestWorkloads\":{\"pos\":\"4.2.0\",\"web\":\"7.1.0\"}}")
            .getBytes(StandardCharsets.UTF_8);
    BundleStore store = new BundleStore(bucket);
    if (signed) store.publish(manifest, BundleCommand.labKey());
    else bucket.putBytes(BundleStore.manifestKey(version), manifest, AuditBucket.JSON);
  }

  private PatchWaveWorkflow run(String bundle) {
    return client.newWorkflowStub(
        PatchWaveWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId("patch-wave/" + bundle).build());
  }

  private PatchWaveWorkflow running(String bundle) {
    return client.newWorkflowStub(PatchWaveWorkflow.class, "patch-wave/" + bundle);
  }

  private PatchWaveSummary result(String bundle) {
    return WorkflowStub.fromTyped(client.newWorkflowStub(PatchWaveWorkflow.class, "patch-wave/" + bundle)).getResult(PatchWaveSummary.class);
  }

  private boolean touched(String store) {
    return !lab.operations(store).byKind().isEmpty();
  }

  private List<String> runningBundles(String store) {
    return lab.inspect(store).guests().stream().map(LabInspection.GuestInfo::runningBundle).distinct().toList();
  }

  @Test
  @Order(1)
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void anUnsignedOrTamperedBundleIsRefusedBeforeAnyStoreIsTouched() throws Exception {
    publish("2026.12.8", "", false);
    assertThatThrownBy(() -> run("2026.12.8").run(PatchWaveRequest.of("2026.12.8", "alice", false, List.of())))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("unsigned");

    publish("2026.12.9", "", true);
    byte[] bytes = bucket.getBytes(BundleStore.manifestKey("2026.12.9")).orElseThrow();
    String tampered = new String(bytes, StandardCharsets.UTF_8).replace("4.2.0", "4.2.1");
    bucket.putBytes(BundleStore.manifestKey("2026.12.9"), tampered.getBytes(StandardCharsets.UTF_8), AuditBucket.JSON);
    assertThatThrownBy(() -> run("2026.12.9").run(PatchWaveRequest.of("2026.12.9", "alice", false, List.of())))
        .rootCause()
        .hasMessageContaining("does not verify");

    assertThat(lab.storeIds()).noneMatch(this::touched);
  }

  @Test
  @Order(2)
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aBadBundleHaltsAtTheCanaryGateRollsTheCanaryBackAndTouchesNoOtherStore() {
    lab.badBundle("2026.12.0", true);
    publish("2026.12.0", "", true);

    PatchWaveSummary summary = run("2026.12.0").run(PatchWaveRequest.of("2026.12.0", "alice", false, List.of()));

    assertThat(summary.status()).as(summary.reason()).isEqualTo(PatchWaveStatus.HALTED);
    assertThat(summary.waves().get(0).gate().verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(summary.waves().get(0).gate().notPassed()).extracting(j -> j.storeId()).containsExactlyInAnyOrderElementsOf(CANARY);
    assertThat(summary.waves().get(0).rolledBackAfterGate()).isEqualTo(5);
    for (String store : CANARY) {
      assertThat(runningBundles(store)).as(store + " back on its bundle").containsExactly(OLD);
      assertThat(lab.operations(store).count("rollback")).as(store).isPositive();
    }
    assertThat(lab.storeIds().stream().filter(s -> !CANARY.contains(s))).noneMatch(this::touched);
    assertThat(bucket.getBytes("patch-wave/2026.12.0/wave-0-gate.json")).isPresent();
    assertThat(bucket.getBytes("patch-wave/2026.12.0/report.json")).isPresent();
  }

  @Test
  @Order(3)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aGoodBundleRunsToCompletionWithAnApprovalThatTheInitiatorCannotGive() throws Exception {
    publish("2026.12.1", "\"pve-manager\":\"9.1.4\"", true);
    PatchWaveWorkflow run = run("2026.12.1");
    WorkflowClient.start(run::run, PatchWaveRequest.of("2026.12.1", "alice", false, List.of()));
    PatchWaveWorkflow live = running("2026.12.1");
    EndToEnd.await("the rest wave to await approval", Duration.ofMinutes(3), () -> live.progress().awaitingApproval() != null);

    assertThatThrownBy(() -> live.approve(new Approval("alice", 1, "")))
        .hasStackTraceContaining("alice started this run and cannot approve it");
    assertThat(lab.storeIds().stream().filter(s -> !CANARY.contains(s))).noneMatch(this::touched);
    live.approve(new Approval("bob", 1, "canary healthy"));

    PatchWaveSummary summary = result("2026.12.1");
    assertThat(summary.status()).as(summary.reason() + " " + summary.problems()).isEqualTo(PatchWaveStatus.COMPLETED);
    assertThat(summary.waves()).extracting(w -> w.patched()).containsExactly(5, STORES - 5);
    for (String store : lab.storeIds()) {
      LabInspection.Operations ops = lab.operations(store);
      int guests = lab.inspect(store).guests().size();
      assertThat(runningBundles(store)).as(store).containsExactly("2026.12.1");
      assertThat(ops.count("snapshot")).as(store + " snapshots").isEqualTo(guests);
      assertThat(ops.count("set-bundle-tag")).as(store + " bundle pointers").isEqualTo(guests);
      assertThat(ops.count("upgrade-node")).as(store + " host upgrades").isEqualTo(3);
      assertThat(lab.inspect(store).guests()).allSatisfy(g -> assertThat(g.snapshots()).doesNotContain("pre-2026-12-1"));
    }
    assertThat(Files.readString(E2E.data.resolve("metrics/edge_patch_drift.prom"))).contains("age=\"current\"} " + STORES);
  }

  @Test
  @Order(4)
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void abortMidWaveRollsBackTheStoresItChanged() {
    publish("2026.12.2", "", true);
    WorkflowClient.start(run("2026.12.2")::run, PatchWaveRequest.of("2026.12.2", "alice", false, List.of()));
    PatchWaveWorkflow live = running("2026.12.2");
    EndToEnd.await("the rest wave to await approval", Duration.ofMinutes(3), () -> live.progress().awaitingApproval() != null);
    live.approve(new Approval("bob", 1, ""));
    EndToEnd.await("a few stores of the rest wave to be patched", Duration.ofMinutes(2), () -> patchedInRest(live.progress()) >= 3);

    live.abort(new Intervention("carol", "vendor incident"));

    PatchWaveSummary summary = result("2026.12.2");
    assertThat(summary.status()).isEqualTo(PatchWaveStatus.ABORTED);
    assertThat(summary.waves().get(0).patched()).as("the canary passed its gate and keeps the bundle").isEqualTo(5);
    for (String store : lab.storeIds()) {
      if (CANARY.contains(store)) assertThat(runningBundles(store)).containsExactly("2026.12.2");
      else assertThat(runningBundles(store)).as(store).containsExactly("2026.12.1");
    }
    assertThat(summary.problems()).extracting(StorePatchResult::outcome).contains(StorePatchOutcome.ROLLED_BACK).doesNotContain(StorePatchOutcome.PATCHED);
  }

  private static long patchedInRest(PatchWaveProgress p) {
    return p.waves().size() > 1 ? p.waves().get(1).patched() : 0;
  }
}
