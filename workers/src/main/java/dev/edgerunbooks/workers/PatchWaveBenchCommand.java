package dev.edgerunbooks.workers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgerunbooks.activities.patch.BundleStore;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.runbooks.drdrill.DrDrillLoader;
import dev.edgerunbooks.runbooks.patchwave.PatchWaveLoader;
import dev.edgerunbooks.runbooks.probes.ProbesLoader;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestLoader;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.patch.Intervention;
import dev.edgerunbooks.workflows.patch.PatchWaveProgress;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import dev.edgerunbooks.workflows.patch.WaveProgress;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "patch-wave",
    mixinStandardHelpOptions = true,
    description = {
      "Measure a whole patch wave plan over a simulated fleet.",
      "Starts the embedded product on free ports with the lab's time scale at 0, writes a plan (canary 5, then"
          + " waves of 50, 200 and the rest, capped by the fleet; concurrency 5/50/100/200, soak 1s, no approvals,"
          + " the whole day as window), publishes a bundle signed with the lab's key and without host packages"
          + " (guest bundle tags and reboots only, no node upgrades), runs every wave and prints wall time, the"
          + " events of the largest workflow history, peak heap and the stores' outcomes."
    })
public class PatchWaveBenchCommand implements Callable<Integer> {
  static final String BUNDLE = "2026.12.0";
  /** Canary, then sized waves, then the rest: each wave's store count, concurrency (and error budget). */
  private static final int CANARY = 5;
  private static final int[] SIZES = {50, 200};
  private static final int[] CONCURRENCY = {5, 50, 100, 200};
  private static final int STORE_SAMPLE = 10;

  @Option(names = "--stores", defaultValue = "500", description = "Fleet size (default ${DEFAULT-VALUE})")
  int stores;

  @Option(names = "--batch-size", defaultValue = "200", description = "Stores per batch workflow (default ${DEFAULT-VALUE}, as runbooks/patch-wave.yaml)")
  int batchSize;

  @Option(names = "--json", description = "Print the figures as one JSON object")
  boolean json;

  @Option(
      names = "--runbooks",
      defaultValue = "runbooks",
      description = "Where probes.yaml, restore-test.yaml, dr-drill.yaml and the bundle key are read (default ${DEFAULT-VALUE}); patch-wave.yaml is the benchmark's own")
  Path runbooks;

  private final PrintWriter out;

  public PatchWaveBenchCommand(PrintWriter out) {
    this.out = out;
  }

  /** One wave of the benchmark's plan. */
  record Wave(String name, int stores, int concurrency) {}

  /** The events of one workflow history (one run of it). */
  record History(String workflowId, String runId, int events) {}

  /** How one wave went. */
  record WaveFigures(String name, int stores, int concurrency, int patched, double seconds, String gate) {}

  /** What the benchmark prints, as text or as JSON. */
  record Figures(
      int stores,
      String bundle,
      int hostPackages,
      int batchSize,
      String status,
      String reason,
      double startupSeconds,
      double wallSeconds,
      List<WaveFigures> waves,
      Map<String, Integer> outcomes,
      long storesOnBundle,
      History largestHistory,
      List<History> fleetRuns,
      int batchWorkflows,
      History largestBatch,
      int storeSample,
      History largestStoreInSample,
      long peakHeapMiB,
      long maxHeapMiB,
      List<String> notPatched) {}

  @Override
  public Integer call() throws Exception {
    List<Wave> plan = waves(stores);
    Path dir = benchRunbooks(plan);
    long t0 = System.nanoTime();
    try (ConfigurableApplicationContext context =
        BenchCommand.startEmbedded(
            stores,
            "0",
            "--edge.runbooks-dir=" + dir,
            "--edge.patch.drift-file=" + dir.resolve("metrics/edge_patch_drift.prom"))) {
      double startup = BenchCommand.seconds(t0);
      WorkflowClient client = context.getBean(WorkflowClient.class);
      Lab lab = context.getBean(Lab.class);
      publishBundle(context.getBean(AuditBucket.class));
      BenchCommand.resetPeaks();

      String workflowId = "patch-wave/" + BUNDLE;
      long t1 = System.nanoTime();
      WorkflowClient.start(
          client.newWorkflowStub(
                  PatchWaveWorkflow.class,
                  WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(workflowId).build())
              ::run,
          PatchWaveRequest.of(BUNDLE, "bench", false, List.of()));
      PatchWaveSummary summary = await(client, workflowId);
      double wall = BenchCommand.seconds(t1);
      long peakHeap = BenchCommand.peakHeapMiB();

      List<History> fleetRuns = fleetRuns(client, workflowId);
      List<History> batches = batches(client, summary);
      List<History> sample = storeSample(client, lab.storeIds());
      List<History> all = new ArrayList<>(fleetRuns);
      all.addAll(batches);
      all.addAll(sample);
      Figures f = new Figures(
          stores,
          BUNDLE,
          0,
          batchSize,
          summary.status().name(),
          summary.reason(),
          round(startup),
          round(wall),
          summary.waves().stream()
              .map(w -> new WaveFigures(w.name(), w.stores(), plan.get(w.index()).concurrency(), w.patched(), round(waveSeconds(w)),
                  w.gate() == null ? null : w.gate().verdict().name()))
              .toList(),
          outcomes(summary),
          lab.storeIds().stream().filter(s -> runsOnly(lab, s, BUNDLE)).count(),
          largest(all),
          fleetRuns,
          batches.size(),
          largest(batches),
          sample.size(),
          largest(sample),
          peakHeap,
          Runtime.getRuntime().maxMemory() >> 20,
          summary.problems().stream().limit(10).map(p -> p.storeId() + " " + p.outcome() + ": " + p.detail()).toList());
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(f));
      } else {
        print(f);
      }
      out.flush();
      return f.outcomes().get("patched") == stores && f.storesOnBundle() == stores ? 0 : 1;
    }
  }

  private void print(Figures f) {
    out.printf("patch-wave benchmark: %d stores, lab time scale 0, bundle %s signed with the lab's key%n", f.stores(), f.bundle());
    out.printf("  the bundle has no host packages: guests get their bundle tag and a reboot, no node is upgraded%n");
    out.printf("  %-51s%s%n", "plan (soak 1s, no approvals, batches of " + f.batchSize() + ")",
        f.waves().stream().map(w -> w.name() + " " + w.stores() + " x" + w.concurrency()).collect(Collectors.joining(", ")));
    out.printf("  start-up (Temporal, lab, S3Proxy, %d site workers)  %.1f s%n", f.stores(), f.startupSeconds());
    out.printf("  wall time (bundle verified to report written)      %.1f s (%.1f stores/s)%n", f.wallSeconds(), f.stores() / f.wallSeconds());
    for (WaveFigures w : f.waves()) {
      out.printf("    %-49s%.1f s (gate %s)%n", w.name() + ", " + w.stores() + " stores", w.seconds(), w.gate() == null ? "not reached" : w.gate());
    }
    out.printf("  status                                             %s (%s)%n", f.status(), f.reason());
    out.printf("  outcomes                                           %s%n",
        f.outcomes().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
    out.printf("  %-51s%d of %d%n", "stores whose guests all run " + f.bundle(), f.storesOnBundle(), f.stores());
    out.printf("  largest workflow history                           %d events (%s)%n", f.largestHistory().events(), f.largestHistory().workflowId());
    out.printf("    %-49s%s%n", "fleet workflow, a run per wave",
        f.fleetRuns().stream().map(h -> String.valueOf(h.events())).collect(Collectors.joining(", ")) + " events");
    out.printf("    %-49s%s%n", "largest of " + f.batchWorkflows() + " batch workflows", describe(f.largestBatch()));
    out.printf("    %-49s%s%n", "largest of a sample of " + f.storeSample() + " store workflows", describe(f.largestStoreInSample()));
    out.printf("  peak heap during the run                           %d MiB%n", f.peakHeapMiB());
    out.printf("  max heap (-Xmx)                                    %d MiB%n", f.maxHeapMiB());
    f.notPatched().forEach(p -> out.println("  not patched: " + p));
  }

  private static String describe(History h) {
    return h == null ? "-" : h.events() + " events (" + h.workflowId() + ")";
  }

  private static History largest(List<History> histories) {
    return histories.stream().max(Comparator.comparingInt(History::events)).orElse(null);
  }

  /** Canary 5, then 50, 200 and the rest, each capped by what is left of {@code stores}. */
  static List<Wave> waves(int stores) {
    List<Wave> waves = new ArrayList<>();
    int left = stores;
    int canary = Math.min(CANARY, left);
    waves.add(new Wave("canary", canary, CONCURRENCY[0]));
    left -= canary;
    for (int i = 0; i < SIZES.length && left > 0; i++) {
      if (left <= SIZES[i]) {
        break;
      }
      waves.add(new Wave("wave-" + (i + 1), SIZES[i], CONCURRENCY[i + 1]));
      left -= SIZES[i];
    }
    if (left > 0) {
      waves.add(new Wave("rest", left, CONCURRENCY[waves.size()]));
    }
    return waves;
  }

  /**
   * The benchmark's runbooks: the committed probes.yaml, restore-test.yaml and dr-drill.yaml (the
   * central worker loads them at start-up), the pinned bundle key, and its own patch-wave.yaml.
   */
  private Path benchRunbooks(List<Wave> waves) throws IOException {
    Path dir = Files.createTempDirectory("edge-bench-runbooks");
    for (String file : List.of(ProbesLoader.FILE_NAME, RestoreTestLoader.FILE_NAME, DrDrillLoader.FILE_NAME)) {
      Files.copy(runbooks.resolve(file), dir.resolve(file));
    }
    Files.createDirectories(dir.resolve("keys"));
    Files.copy(runbooks.resolve("keys/bundle-signing.pub.pem"), dir.resolve("keys/bundle-signing.pub.pem"));
    List<String> yaml = new ArrayList<>(List.of(
        "# edgerun bench patch-wave: " + stores + " stores, soak 1s, no approvals, the whole day as window",
        "bundles: {publicKey: keys/bundle-signing.pub.pem}",
        "waves:"));
    for (Wave w : waves) {
      String who = w.name().equals("canary")
          ? "stores: [" + IntStream.rangeClosed(1, w.stores()).mapToObj(i -> String.format("store-%04d", i)).collect(Collectors.joining(", ")) + "]"
          : "size: " + (w.name().equals("rest") ? "rest" : String.valueOf(w.stores()));
      // an error budget as large as the concurrency: the budget never holds a store back
      yaml.add("  - {name: " + w.name() + ", " + who + ", concurrency: " + w.concurrency() + ", maxFailures: " + w.concurrency() + ", soak: 1s, approval: false}");
    }
    yaml.addAll(List.of(
        "order: fleet",
        "window: {days: [mon, tue, wed, thu, fri, sat, sun], from: \"00:00\", to: \"00:00\", minimumLength: 1m}",
        "gate:",
        "  noData: fail",
        "  maxFailingStores: 0",
        "  peerSample: 50",
        "  slos:",
        "    ttfbP95: {limit: 0.5, marginal: 50%, max: 100%}",
        "    posLatency: {limit: 0.15, marginal: 50%, max: 100%}",
        "    cacheHitRatio: {limit: 0.8, marginal: 5%, max: 15%}",
        "    wanAvailability: {limit: 0.99, marginal: 0.5%, max: 1%}",
        "approvers: [alice, bob]",
        "rollbackOnHalt: true",
        "batchSize: " + batchSize,
        ""));
    Files.writeString(dir.resolve(PatchWaveLoader.FILE_NAME), String.join("\n", yaml));
    return dir;
  }

  /** What CI does: the manifest signed with the lab's key into bundles/<version>/ of the audit bucket. */
  private static void publishBundle(AuditBucket bucket) {
    byte[] manifest = ("{\"version\":\"" + BUNDLE + "\",\"hostPackages\":{},\"guestWorkloads\":{\"pos\":\"4.2.0\",\"web\":\"7.1.0\"}}")
        .getBytes(StandardCharsets.UTF_8);
    new BundleStore(bucket).publish(manifest, BundleCommand.labKey());
  }

  /**
   * The run's summary once it ends, through its continue-as-new runs. A run that pauses (an
   * inconclusive gate) or waits for an approval would wait for a human: it is aborted instead.
   */
  private static PatchWaveSummary await(WorkflowClient client, String workflowId) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    PatchWaveWorkflow live = client.newWorkflowStub(PatchWaveWorkflow.class, workflowId);
    while (true) {
      try {
        return stub.getResult(5, TimeUnit.SECONDS, PatchWaveSummary.class);
      } catch (TimeoutException e) {
        PatchWaveProgress p = live.progress();
        if (p.pausedBecause() != null || p.awaitingApproval() != null) {
          String why = p.pausedBecause() != null ? p.pausedBecause() : "wave " + p.awaitingApproval() + " awaits an approval";
          live.abort(new Intervention("bench", "the benchmark has no human to ask: " + why));
        }
      }
    }
  }

  /** Store outcomes over every wave; failed is rolled back or needing attention (what spends the error budget). */
  private static Map<String, Integer> outcomes(PatchWaveSummary summary) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (WaveProgress w : summary.waves()) {
      counts.merge("patched", w.patched(), Integer::sum);
      counts.merge("already current", w.alreadyCurrent(), Integer::sum);
      counts.merge("skipped", w.skipped(), Integer::sum);
      counts.merge("failed", w.failed(), Integer::sum);
      counts.merge("aborted", w.aborted(), Integer::sum);
      counts.merge("not started", w.notStarted(), Integer::sum);
      counts.merge("rolled back after the gate", w.rolledBackAfterGate(), Integer::sum);
    }
    return counts;
  }

  private static boolean runsOnly(Lab lab, String store, String bundle) {
    List<String> running = lab.inspect(store).guests().stream().map(LabInspection.GuestInfo::runningBundle).distinct().toList();
    return running.equals(List.of(bundle));
  }

  /** The fleet workflow's runs, first to last: it continues as new after each wave. */
  private static List<History> fleetRuns(WorkflowClient client, String workflowId) {
    List<History> runs = new ArrayList<>();
    String runId = null;
    do {
      WorkflowExecutionHistory h = runId == null ? client.fetchHistory(workflowId) : client.fetchHistory(workflowId, runId);
      runs.add(0, new History(workflowId, h.getWorkflowExecution().getRunId(), h.getEvents().size()));
      HistoryEvent first = h.getEvents().get(0);
      runId = first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    } while (!runId.isEmpty());
    return runs;
  }

  /** Every batch workflow of every wave: patch-, release- and rollback-<n>. */
  private List<History> batches(WorkflowClient client, PatchWaveSummary summary) {
    List<History> out = new ArrayList<>();
    for (WaveProgress w : summary.waves()) {
      int batches = (w.stores() + batchSize - 1) / batchSize;
      for (String mode : List.of("patch", "release", "rollback")) {
        for (int k = 0; k < batches; k++) {
          history(client, summary.workflowId() + "/w" + w.index() + "/" + mode + "-" + k).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The store workflows of {@value #STORE_SAMPLE} stores spread over the fleet. */
  private static List<History> storeSample(WorkflowClient client, List<String> stores) {
    List<History> out = new ArrayList<>();
    int n = Math.min(STORE_SAMPLE, stores.size());
    for (int i = 0; i < n; i++) {
      history(client, "patch/" + BUNDLE + "/" + stores.get(i * stores.size() / n)).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<History> history(WorkflowClient client, String workflowId) {
    try {
      WorkflowExecutionHistory h = client.fetchHistory(workflowId);
      return Optional.of(new History(workflowId, h.getWorkflowExecution().getRunId(), h.getEvents().size()));
    } catch (RuntimeException e) {
      return Optional.empty(); // no such workflow: the wave had no batch of that kind
    }
  }

  private static double waveSeconds(WaveProgress w) {
    return w.startedAt() == null || w.finishedAt() == null ? 0 : Duration.between(w.startedAt(), w.finishedAt()).toMillis() / 1000.0;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
