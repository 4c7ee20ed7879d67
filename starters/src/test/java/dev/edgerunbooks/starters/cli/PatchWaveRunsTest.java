package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.Approval;
import dev.edgerunbooks.workflows.patch.BundleManifest;
import dev.edgerunbooks.workflows.patch.EvacuateNodeRequest;
import dev.edgerunbooks.workflows.patch.EvacuateNodeWorkflow;
import dev.edgerunbooks.workflows.patch.EvacuationResult;
import dev.edgerunbooks.workflows.common.Freeze;
import dev.edgerunbooks.workflows.patch.GateDecision;
import dev.edgerunbooks.workflows.patch.GatePolicy;
import dev.edgerunbooks.workflows.patch.GateVerdict;
import dev.edgerunbooks.workflows.patch.GuestPlacement;
import dev.edgerunbooks.workflows.patch.Intervention;
import dev.edgerunbooks.workflows.patch.NoDataPolicy;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.patch.PatchDrift;
import dev.edgerunbooks.workflows.patch.PatchStore;
import dev.edgerunbooks.workflows.patch.PatchWavePlan;
import dev.edgerunbooks.workflows.patch.PatchWaveProgress;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.PatchWaveState;
import dev.edgerunbooks.workflows.patch.PatchWaveStatus;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import dev.edgerunbooks.workflows.patch.RollbackStoreRequest;
import dev.edgerunbooks.workflows.patch.RollbackStoreWorkflow;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.SloObjective;
import dev.edgerunbooks.workflows.patch.StorePatchOutcome;
import dev.edgerunbooks.workflows.patch.StorePatchResult;
import dev.edgerunbooks.workflows.patch.WavePlan;
import dev.edgerunbooks.workflows.patch.WaveProgress;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run patch-wave}, {@code approve}, {@code pause}, {@code resume}, {@code abort}, {@code
 * watch} and {@code status} of patch waves, and the incident runbooks, against Temporal's test
 * server with stand-in workflows. The patch wave stand-in keeps the contract: it continues as new
 * after each wave, answers the progress query, and its validators refuse as the real ones do.
 */
class PatchWaveRunsTest {
  private static CliTestServer temporal;

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startTemporalAndWorkers() {
    temporal = CliTestServer.start(FakePatchWave.class, FakeEvacuateNode.class, FakeRollbackStore.class);
  }

  @AfterAll
  static void stop() {
    temporal.close();
  }

  private int edgerun(String... args) {
    return temporal.edgerun(out, err, args);
  }

  private void clear() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
  }

  /** Waits until the newest run of the patch wave answers a progress that {@code until} accepts. */
  private static PatchWaveProgress awaitProgress(String workflowId, Predicate<PatchWaveProgress> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        PatchWaveProgress p = PatchWaveRuns.progressOf(temporal.client(), workflowId);
        if (until.test(p)) {
          return p;
        }
      } catch (RuntimeException notYet) {
        // between two runs of the chain, or before the first workflow task
      }
      assertThat(System.nanoTime()).as("waiting for " + workflowId).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aDryRunPrintsEveryWaveWithItsStoresLimitsAndWindowAndTheBundleApproversGateAndDrift() {
    int exit = edgerun("run", "patch-wave", "--bundle", "2026.12.0", "--dry-run", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    String plan = out.toString();
    assertThat(plan)
        .containsPattern("patch-wave/2026\\.12\\.0/dry-run-\\d+: dry run of bundle 2026\\.12\\.0, nothing was changed")
        .contains("bundle:     2026.12.0, sha256 " + FakePatchWave.SHA256)
        .contains("host packages: pve-manager 8.3.2, pve-qemu-kvm 9.2.0")
        .contains("guest workloads: pos 4.2.1")
        .contains("approvers:  alice, bob, carol (never the initiator, " + System.getProperty("user.name") + ")")
        .contains("gate SLOs:  TTFB_P95 at most 0.8; inconclusive past 20%, failing past 50% worse than its baselines")
        .contains("CACHE_HIT_RATIO at least 0.9;")
        .contains("no data: the run pauses for a human; the gate fails when more than 0 stores fail; "
            + "peer baseline: median of 20 stores not yet patched")
        .contains("windows:    Mon Tue Wed Thu 22:00-04:00 store-local, at least 2h left to start a store; "
            + "freeze Black Friday 2026-11-23..2026-11-29")
        .contains("drift:      newest 2026.11.0: 11 on it, 2 one behind, 1 two behind, 0 older, 0 unknown")
        .contains("14 stores in 2 waves, 50 stores per batch")
        .contains("wave 0 canary: 2 stores, concurrency 2, error budget 1 (at most 1 in flight), soak 1h, no approval")
        .contains("opens:   Tue 2026-11-24 22:00 UTC")
        .contains("  stores:  store-0001, store-0002\n")
        .contains("wave 1 wave-50: 12 stores, concurrency 5, error budget 3 (at most 3 in flight), soak 4h, approval needed")
        .contains("opens:   Wed 2026-11-25 22:00 UTC")
        .contains("skipped: store-0007, restore test of 2026-W47 failed");
    // twelve ids do not fit one line: wrapped under the first
    assertThat(plan).containsPattern("  stores:  store-0003, [^\\n]*,\\n {11}store-00");
    PatchWaveRequest sent = FakePatchWave.requestOf("patch-wave/2026.12.0/dry-run-");
    assertThat(sent.dryRun()).isTrue();
    assertThat(sent.initiator()).isEqualTo(System.getProperty("user.name"));
    assertThat(sent.stores()).isEmpty();

    clear();
    assertThat(edgerun("run", "patch-wave", "--bundle", "2026.12.0", "--dry-run", "--json", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("\"status\" : \"PLANNED\"")
        .contains("\"opensAt\" : [ \"2026-11-24T22:00:00Z\", \"2026-11-25T22:00:00Z\" ]")
        .contains("\"maxFailures\" : 3");
  }

  @Test
  void aBundleThePlanRefusesIsExitTwoWithItsMessageEvenWithoutWait() {
    int exit = edgerun("run", "patch-wave", "--bundle", "2026.12.0-unsigned", "--as", "alice", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("edgerun: refused before anything started: bundle 2026.12.0-unsigned is not signed by the pinned key");
    assertThat(out.toString()).isEmpty();

    clear();
    assertThat(edgerun("run", "patch-wave", "--bundle", "2026.12.0-unsigned", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("refused before anything started: bundle 2026.12.0-unsigned is not signed");
  }

  @Test
  void theInitiatorCannotApproveANamedApproverCanAndTheWaveGoesOn() throws InterruptedException {
    String id = "patch-wave/2026.12.0";
    assertThat(edgerun("run", "patch-wave", "--bundle", "2026.12.0", "--stores", "store-0001,store-0002,store-0003",
        "--as", "alice", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().trim()).isEqualTo(id);
    awaitProgress(id, p -> Integer.valueOf(1).equals(p.awaitingApproval()));

    clear();
    assertThat(edgerun("status", "2026.12.0")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains(id + ": running")
        .containsPattern("wave 0 canary +\\[#{20}\\] 2/2  patched 2, failed 0, skipped 0  COMPLETED")
        .contains("  gate PASS: 2 of 2 stores within their SLOs")
        .contains("wave 1 (wave-50) awaits approval: edgerun approve " + id + " --wave 1");

    clear();
    assertThat(edgerun("approve", "2026.12.0", "--as", "alice")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(id + " refused to approve: alice started this run and cannot approve it: an approver must be someone else");
    assertThat(edgerun("approve", id, "--as", "mallory")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("mallory is not an approver of this plan (approvers: alice, bob, carol)");
    assertThat(FakePatchWave.accepted(id)).isEmpty();

    clear();
    assertThat(edgerun("approve", "2026.12.0", "--as", "bob", "--comment", "canary clean")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().trim()).isEqualTo(id + ": wave 1 (wave-50) approved by bob");
    assertThat(FakePatchWave.accepted(id)).containsExactly(new Approval("bob", 1, "canary clean"));

    clear();
    assertThat(edgerun("watch", "2026.12.0", "--no-redraw", "--interval", "PT0.1S")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains(id + ": bundle 2026.12.0 COMPLETED, started by alice")
        .containsPattern("wave 1 wave-50 +\\[#{20}\\] 1/1  patched 1, failed 0, skipped 0  COMPLETED, approved by bob")
        .contains("decisions:\n  bob approved wave wave-50: canary clean")
        .contains("report: reports/patch-wave/2026.12.0.json");
  }

  @Test
  void watchDrawsABarPerWaveLineByLineAndEndsWithTheSummaryAndTheExitCodeOfStatus() throws Exception {
    String id = "patch-wave/2026.11.2";
    assertThat(edgerun("run", "patch-wave", "--bundle", "2026.11.2", "--stores",
        "store-0001,store-0002,store-0003,store-0004,store-0005", "--as", "alice", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.OK);

    StringWriter watched = new StringWriter();
    CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(
        () -> temporal.edgerun(watched, new StringWriter(), "watch", "2026.11.2", "--no-redraw", "--interval", "PT0.1S"));
    // steer the run through states that hold until the next step, and wait for watch to show each one
    // before the next step: the stand-in's approval ends its wait for approval and sets PATCHING over
    // PAUSED, so a pause and an approve sent between two polls would never show the PAUSED bar
    awaitOutput(watched, "wave 1 (wave-50) awaits approval: edgerun approve " + id + " --wave 1");
    assertThat(edgerun("pause", id, "--as", "carol", "--reason", "checking the dashboards")).isEqualTo(ExitCodes.OK);
    awaitOutput(watched, "2/5 stores  PAUSED wave 1 (wave-50)");
    awaitOutput(watched, "paused: paused by carol: checking the dashboards; resume with: edgerun resume " + id);
    assertThat(edgerun("approve", id, "--as", "bob")).isEqualTo(ExitCodes.OK);
    awaitOutput(watched, "approved by bob");
    assertThat(edgerun("resume", id, "--as", "carol")).isEqualTo(ExitCodes.OK);
    int exit = watching.get(30, TimeUnit.SECONDS);

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(watched.toString())
        .containsPattern("\\d\\d:\\d\\d:\\d\\d " + id + ": running\\n")
        .containsPattern("\\d\\d:\\d\\d:\\d\\d \\[#+\\.+\\] 2/5 stores  PAUSED wave 1 \\(wave-50\\)")
        .containsPattern("\\d\\d:\\d\\d:\\d\\d wave 0 canary +\\[#{20}\\] 2/2  patched 2, failed 0, skipped 0  COMPLETED")
        .contains("  gate PASS: 2 of 2 stores within their SLOs")
        .containsPattern("wave 1 wave-50 +\\[\\.{20}\\] 0/3  patched 0, failed 0, skipped 0  [A-Z_]+, approved by bob")
        .contains(id + ": bundle 2026.11.2 COMPLETED, started by alice")
        .containsPattern("wave 1 wave-50 +\\[#{20}\\] 3/3  patched 3, failed 0, skipped 0  COMPLETED, approved by bob")
        .contains("decisions:\n  bob approved wave wave-50");
    // a line per change: the header once, not once per poll
    assertThat(watched.toString().split(id + ": running\\n", -1)).hasSize(2);

    clear();
    assertThat(edgerun("status", id)).isEqualTo(exit);
    assertThat(edgerun("watch", id, "--json")).isEqualTo(exit);
    assertThat(out.toString()).contains("\"status\" : \"COMPLETED\"");
  }

  private static void awaitOutput(StringWriter output, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!output.toString().contains(text)) {
      assertThat(System.nanoTime()).as("waiting for \"" + text + "\" in:\n" + output).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void waitFollowsTheRunAcrossItsWavesAndPrintsTheSummary() {
    int exit = edgerun("run", "patch-wave", "--bundle", "2026.11.1", "--stores", "store-0001,store-0002,store-0003",
        "--as", "alice", "--wait", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(err.toString())
        .contains("started patch-wave/2026.11.1")
        .containsPattern("\\] [0-3]/3 stores  (PATCHING|GATING) wave [01] \\((canary|wave-50)\\)");
    assertThat(out.toString())
        .contains("patch-wave/2026.11.1: bundle 2026.11.1 COMPLETED, started by alice")
        .containsPattern("wave 1 wave-50 +\\[#{20}\\] 1/1");
  }

  @Test
  void pauseResumeAndAnAbortThatNeedsAReasonEndTheRunAbortedWithExitOne() throws InterruptedException {
    String id = "patch-wave/2026.12.1";
    assertThat(edgerun("run", "patch-wave", "--bundle", "2026.12.1", "--stores", "store-0001,store-0002,store-0003",
        "--as", "alice", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);
    awaitProgress(id, p -> p.awaitingApproval() != null);

    clear();
    assertThat(edgerun("pause", "2026.12.1", "--as", "bob", "--reason", "POS latency in the canary")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains(id + ": paused by bob: POS latency in the canary");
    assertThat(edgerun("pause", "2026.12.1", "--as", "bob")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(id + " refused to pause: already paused: paused by bob: POS latency in the canary");
    assertThat(edgerun("status", id)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("paused: paused by bob: POS latency in the canary; resume with: edgerun resume " + id);
    assertThat(edgerun("resume", "2026.12.1", "--as", "bob")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains(id + ": resumed by bob");

    clear();
    assertThat(edgerun("abort", "2026.12.1", "--as", "carol")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--reason=TEXT'");
    assertThat(edgerun("abort", "2026.12.1", "--as", "carol", "--reason", " ")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--reason must say why the run is aborted");
    assertThat(FakePatchWave.accepted(id))
        .containsExactly(new Intervention("bob", "POS latency in the canary"), new Intervention("bob", null));

    clear();
    assertThat(edgerun("abort", "2026.12.1", "--as", "carol", "--reason", "POS latency")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains(id + ": aborting: stores in flight and this wave's patched stores are being rolled back");
    assertThat(edgerun("watch", "2026.12.1", "--no-redraw", "--interval", "PT0.1S")).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .contains(id + ": bundle 2026.12.1 ABORTED, started by alice")
        .contains("reason: POS latency (carol)")
        .contains("  carol aborted: POS latency");

    clear();
    assertThat(edgerun("abort", id, "--reason", "again")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(id + " is no longer running (completed); its result: edgerun status " + id);
  }

  @Test
  void withJsonEveryUpdateSaysWhatItSentAndTheRunsAnswer() throws Exception {
    String id = "patch-wave/2026.12.2";
    assertThat(edgerun("run", "patch-wave", "--bundle", "2026.12.2", "--stores", "store-0001,store-0002,store-0003",
        "--as", "alice", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);
    awaitProgress(id, p -> Integer.valueOf(1).equals(p.awaitingApproval()));
    ObjectMapper json = new ObjectMapper();

    clear();
    assertThat(edgerun("pause", "2026.12.2", "--as", "bob", "--reason", "dashboards", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode paused = json.readTree(out.toString());
    assertThat(paused.get("workflowId").asText()).isEqualTo(id);
    assertThat(paused.get("update").asText()).isEqualTo("pause");
    assertThat(paused.get("by").asText()).isEqualTo("bob");
    assertThat(paused.get("answer").asText()).isEqualTo("paused by bob: dashboards");

    clear();
    assertThat(edgerun("resume", id, "--as", "bob", "--json")).isEqualTo(ExitCodes.OK);
    assertThat(json.readTree(out.toString()).get("answer").asText()).isEqualTo("resumed by bob");

    // a refusal is exit 2 with the reason on stderr, and no JSON
    clear();
    assertThat(edgerun("approve", id, "--as", "alice", "--json")).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains(id + " refused to approve: alice started this run");

    clear();
    assertThat(edgerun("approve", id, "--as", "carol", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode approved = json.readTree(out.toString());
    assertThat(approved.get("update").asText()).isEqualTo("approve");
    assertThat(approved.get("by").asText()).isEqualTo("carol");
    assertThat(approved.get("answer").asText()).isEqualTo("wave 1 (wave-50) approved by carol");

    clear();
    assertThat(edgerun("abort", id, "--as", "carol", "--reason", "vendor incident", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode aborted = json.readTree(out.toString());
    assertThat(aborted.get("update").asText()).isEqualTo("abort");
    assertThat(aborted.get("answer").asText()).startsWith("aborting: ");
  }

  @Test
  void anUnknownRunIsExitFourForEveryUpdateAndForWatch() {
    assertThat(edgerun("approve", "2099.1.0", "--as", "bob")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(edgerun("abort", "patch-wave/2099.1.0", "--reason", "x")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(edgerun("watch", "2099.1.0")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(edgerun("status", "2099.1.0")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString().lines().filter(l -> l.equals("edgerun: no run with id patch-wave/2099.1.0")))
        .hasSize(4);
  }

  @Test
  void anEvacuationStartsUnderItsIdWithTheFleetsResponseTimeoutAndPrintsTheMovedGuests() throws IOException {
    int exit = edgerun("run", "evacuate-node", "--store", "store-0001", "--node", "pve2", "--as", "alice", "--wait",
        "--fleet", TestFleets.twoStores(dir));

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("evacuate-node/store-0001/pve2: 2 guests moved off pve2 of store-0001")
        .containsPattern("101 +qemu +pve2 -> pve1")
        .contains("next: noout stays set until pve2 is repaired");
    assertThat(temporal.startedWith("evacuate-node/store-0001/pve2", EvacuateNodeRequest.class))
        .isEqualTo(new EvacuateNodeRequest("store-0001", "pve2", "alice", Duration.ofMinutes(2)));
  }

  @Test
  void aRollbackWithoutAFleetFileLeavesTheResponseTimeoutToTheRun() {
    int exit = edgerun("run", "rollback-store", "--store", "store-0002", "--to", "2026.11.0", "--from", "2026.12.0",
        "--as", "alice", "--wait", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("rollback-store/store-0002: store-0002 ROLLED_BACK")
        .contains("guests back on their pre-2026.12.0 snapshots; previous bundle 2026.12.0");
    assertThat(temporal.startedWith("rollback-store/store-0002", RollbackStoreRequest.class))
        .isEqualTo(new RollbackStoreRequest("store-0002", "2026.12.0", "2026.11.0", "alice", null));
  }

  // --- stand-ins

  /**
   * Plans 14 stores (or those asked for) into a canary of two and a wave-50 that needs approval
   * except for bundle 2026.11.1; patches a store in 250 ms; continues as new after each wave.
   */
  public static class FakePatchWave implements PatchWaveWorkflow {
    static final String SHA256 = "5f2b51ca2fdc5baa31ec02e002f69aec8ed8e4dba0d1ca8b1d43b1d4d4c1e7a0";
    static final Map<String, PatchWaveRequest> requests = new ConcurrentHashMap<>();
    /** The updates each run accepted, in order. */
    static final Map<String, List<Object>> accepted = new ConcurrentHashMap<>();

    private PatchWavePlan plan;
    private String initiator;
    private PatchWaveStatus status = PatchWaveStatus.PLANNING;
    private PatchWaveStatus beforePause;
    private int wave;
    private Integer awaitingApproval;
    private String pausedBecause;
    private String abortReason;
    private List<WaveProgress> waves = new ArrayList<>();
    private final Map<String, StorePatchOutcome> outcomes = new TreeMap<>();
    private final List<String> decisions = new ArrayList<>();
    private List<String> inFlight = List.of();

    static PatchWaveRequest requestOf(String prefix) {
      return requests.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst().orElseThrow().getValue();
    }

    static List<Object> accepted(String workflowId) {
      return accepted.getOrDefault(workflowId, List.of());
    }

    @Override
    public PatchWaveSummary run(PatchWaveRequest request) {
      String id = Workflow.getInfo().getWorkflowId();
      initiator = request.initiator();
      if (request.carried() == null) {
        requests.put(id, request);
        if (request.bundle().endsWith("-unsigned")) {
          throw ApplicationFailure.newNonRetryableFailure(
              "bundle " + request.bundle() + " is not signed by the pinned key (edge-release-2026)",
              FailureTypes.BUNDLE_REJECTED);
        }
        Workflow.sleep(Duration.ofMillis(200));
        plan = plan(request);
        waves = new ArrayList<>(plan.waves().stream().map(WaveProgress::pending).toList());
      } else {
        PatchWaveState carried = request.carried();
        plan = carried.plan();
        wave = carried.nextWave();
        waves = new ArrayList<>(carried.waves());
        outcomes.putAll(carried.outcomes());
        decisions.addAll(carried.decisions());
      }
      if (request.dryRun()) {
        return summary(id, request, PatchWaveStatus.PLANNED, null, plan);
      }
      WavePlan w = plan.waves().get(wave);
      if (w.approvalRequired()) {
        status = PatchWaveStatus.AWAITING_APPROVAL;
        awaitingApproval = wave;
        setWave(status, null);
        Workflow.await(() -> waves.get(wave).approvedBy() != null || abortReason != null);
        awaitingApproval = null;
      }
      status = PatchWaveStatus.PATCHING;
      for (PatchStore store : w.stores()) {
        Workflow.await(() -> pausedBecause == null || abortReason != null);
        if (abortReason != null) {
          break;
        }
        setWave(PatchWaveStatus.PATCHING, null);
        inFlight = List.of(store.storeId());
        Workflow.sleep(Duration.ofMillis(250));
        outcomes.put(store.storeId(), StorePatchOutcome.PATCHED);
        inFlight = List.of();
        setWave(PatchWaveStatus.PATCHING, null);
      }
      if (abortReason != null) {
        w.stores().forEach(s -> outcomes.putIfAbsent(s.storeId(), StorePatchOutcome.ABORTED));
        status = PatchWaveStatus.ABORTED;
        setWave(status, null);
        return summary(id, request, status, abortReason, null);
      }
      int n = w.stores().size();
      setWave(PatchWaveStatus.COMPLETED, new GateDecision(wave, GateVerdict.PASS, n + " of " + n + " stores within their SLOs",
          n, n, 0, 0, 20, List.of(), Instant.ofEpochMilli(Workflow.currentTimeMillis()), null));
      if (wave + 1 < plan.waves().size()) {
        Workflow.continueAsNew(new PatchWaveRequest(request.bundle(), initiator, false, request.stores(),
            new PatchWaveState(plan, wave + 1, waves, outcomes, List.of(), decisions)));
      }
      status = PatchWaveStatus.COMPLETED;
      return summary(id, request, status, "every wave passed its gate", null);
    }

    private void setWave(PatchWaveStatus s, GateDecision gate) {
      WavePlan w = plan.waves().get(wave);
      WaveProgress before = waves.get(wave);
      int patched = count(w, StorePatchOutcome.PATCHED);
      int aborted = count(w, StorePatchOutcome.ABORTED);
      waves.set(wave, new WaveProgress(wave, w.name(), s, w.stores().size(), patched, 0, 0, 0, aborted, 0, 0,
          before.approvedBy(), null, null, gate == null ? before.gate() : gate));
    }

    private int count(WavePlan w, StorePatchOutcome outcome) {
      return (int) w.stores().stream().filter(s -> outcomes.get(s.storeId()) == outcome).count();
    }

    private PatchWaveSummary summary(String id, PatchWaveRequest r, PatchWaveStatus s, String reason, PatchWavePlan dryRun) {
      return new PatchWaveSummary(id, r.bundle(), s, reason, initiator, dryRun, waves, List.of(), decisions,
          dryRun == null ? new PatchDrift(r.bundle(), 14, 0, 0, 0, 0) : null,
          dryRun == null ? "reports/patch-wave/" + r.bundle() + ".json" : null);
    }

    static PatchWavePlan plan(PatchWaveRequest r) {
      List<String> ids = r.stores().isEmpty()
          ? IntStream.rangeClosed(1, 14).mapToObj(i -> String.format("store-%04d", i)).toList()
          : r.stores();
      List<PatchStore> stores = ids.stream()
          .map(s -> new PatchStore(s, "Europe/Berlin", Duration.ofMinutes(2), "2026.11.0",
              s.equals("store-0007") ? "restore test of 2026-W47 failed" : null))
          .toList();
      boolean approval = !r.bundle().equals("2026.11.1");
      List<WavePlan> waves = List.of(
          new WavePlan(0, "canary", stores.subList(0, 2), 2, 1, Duration.ofHours(1), false),
          new WavePlan(1, "wave-50", stores.subList(2, stores.size()), 5, 3, Duration.ofHours(4), approval));
      GatePolicy gate = new GatePolicy(
          List.of(new SloObjective(SloMetric.TTFB_P95, 0.8, 0.2, 0.5), new SloObjective(SloMetric.CACHE_HIT_RATIO, 0.9, 0.1, 0.25)),
          NoDataPolicy.PAUSE, 0, 20);
      StoreCalendar calendar = new StoreCalendar(
          EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY),
          LocalTime.of(22, 0), LocalTime.of(4, 0), Duration.ofHours(2),
          List.of(new Freeze("Black Friday", LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 29))));
      return new PatchWavePlan(
          new BundleManifest(r.bundle(), Map.of("pve-manager", "8.3.2", "pve-qemu-kvm", "9.2.0"), Map.of("pos", "4.2.1"), SHA256),
          waves, calendar, gate, List.of("alice", "bob", "carol"), true, 50, new PatchDrift("2026.11.0", 11, 2, 1, 0, 0),
          Instant.parse("2026-11-24T10:00:00Z"),
          List.of(Instant.parse("2026-11-24T22:00:00Z"), Instant.parse("2026-11-25T22:00:00Z")));
    }

    @Override
    public PatchWaveProgress progress() {
      return new PatchWaveProgress(plan == null ? null : plan.bundle().version(), status, wave, awaitingApproval,
          pausedBecause, List.copyOf(waves), inFlight, Map.copyOf(outcomes), List.copyOf(decisions));
    }

    @Override
    public void validateApprove(Approval approval) {
      String who = named(approval.approver(), "approver");
      if (plan == null) {
        throw new IllegalArgumentException("the run is still planning; nothing awaits approval yet");
      }
      if (!plan.approvers().contains(who)) {
        throw new IllegalArgumentException(
            who + " is not an approver of this plan (approvers: " + String.join(", ", plan.approvers()) + ")");
      }
      if (who.equals(initiator)) {
        throw new IllegalArgumentException(who + " started this run and cannot approve it: an approver must be someone else");
      }
      if (awaitingApproval == null || approval.wave() != awaitingApproval) {
        throw new IllegalArgumentException("wave " + approval.wave() + " is not waiting for approval");
      }
    }

    @Override
    public String approve(Approval approval) {
      record(approval);
      WaveProgress w = waves.get(approval.wave());
      waves.set(approval.wave(), new WaveProgress(w.index(), w.name(), w.status(), w.stores(), w.patched(),
          w.alreadyCurrent(), w.skipped(), w.failed(), w.aborted(), w.notStarted(), w.rolledBackAfterGate(),
          approval.approver(), w.startedAt(), w.finishedAt(), w.gate()));
      decisions.add(approval.approver() + " approved wave " + w.name() + comment(approval.comment()));
      return "wave " + approval.wave() + " (" + w.name() + ") approved by " + approval.approver();
    }

    @Override
    public void validatePause(Intervention i) {
      named(i.by(), "name of who pauses");
      if (pausedBecause != null) {
        throw new IllegalArgumentException("already paused: " + pausedBecause);
      }
    }

    @Override
    public String pause(Intervention i) {
      record(i);
      pausedBecause = "paused by " + i.by() + comment(i.reason());
      beforePause = status;
      status = PatchWaveStatus.PAUSED;
      return pausedBecause;
    }

    @Override
    public void validateResume(Intervention i) {
      named(i.by(), "name of who resumes");
      if (pausedBecause == null) {
        throw new IllegalArgumentException("the run is not paused");
      }
    }

    @Override
    public String resume(Intervention i) {
      record(i);
      pausedBecause = null;
      status = beforePause;
      return "resumed by " + i.by();
    }

    @Override
    public void validateAbort(Intervention i) {
      named(i.by(), "name of who aborts");
      if (i.reason() == null || i.reason().isBlank()) {
        throw new IllegalArgumentException("an abort needs a reason, for the report");
      }
      if (abortReason != null) {
        throw new IllegalArgumentException("already aborting: " + abortReason);
      }
    }

    @Override
    public String abort(Intervention i) {
      record(i);
      abortReason = i.reason() + " (" + i.by() + ")";
      decisions.add(i.by() + " aborted: " + i.reason());
      return "aborting: stores in flight and this wave's patched stores are being rolled back";
    }

    private static void record(Object update) {
      if (!Workflow.isReplaying()) {
        accepted.computeIfAbsent(Workflow.getInfo().getWorkflowId(), k -> new CopyOnWriteArrayList<>()).add(update);
      }
    }

    private static String named(String who, String field) {
      if (who == null || who.isBlank()) {
        throw new IllegalArgumentException("give the " + field);
      }
      return who;
    }

    private static String comment(String c) {
      return c == null || c.isBlank() ? "" : ": " + c;
    }
  }

  public static class FakeEvacuateNode implements EvacuateNodeWorkflow {
    @Override
    public EvacuationResult evacuate(EvacuateNodeRequest request) {
      Workflow.sleep(Duration.ofMillis(200));
      return new EvacuationResult(request.storeId(), request.node(),
          List.of(new GuestPlacement(101, "qemu", request.node(), "pve1"), new GuestPlacement(200, "lxc", request.node(), "pve3")),
          "noout stays set until " + request.node() + " is repaired");
    }
  }

  public static class FakeRollbackStore implements RollbackStoreWorkflow {
    @Override
    public StorePatchResult rollback(RollbackStoreRequest request) {
      Workflow.sleep(Duration.ofMillis(200));
      Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      return new StorePatchResult(request.storeId(), StorePatchOutcome.ROLLED_BACK, request.fromBundle(), false,
          "guests back on their pre-" + request.fromBundle() + " snapshots", now, now);
    }
  }
}
