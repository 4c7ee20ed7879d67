package dev.edgerunbooks.workers;

import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.runbooks.drdrill.DrDrillLoader;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.probes.ProbesLoader;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestLoader;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreResult;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReport;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import dev.edgerunbooks.workflows.restoretest.RestoreTestSummary;
import dev.edgerunbooks.workflows.restoretest.RestoreTestWorkflow;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "restore-test",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the weekly restore test against its limit. One guest per store (--vmid; the fleet keeps only"
          + " that guest, and every guest is due every week), lab task durations on (x --time-scale), --capacity"
          + " concurrent restores per staging cluster.",
      "Measures one guest's restore test alone (restore, isolate, start, boot, probe, destroy), then the"
          + " whole fleet's makespan, and compares it with the limit: the max over staging clusters of"
          + " ceil(guests there / capacity) x one guest."
    })
public class RestoreTestBenchCommand implements Callable<Integer> {
  private static final String WEEK = "2026-W01";

  @Option(names = "--stores", defaultValue = "500", description = "Fleet size (default ${DEFAULT-VALUE})")
  int stores;

  @Option(
      names = "--capacity",
      defaultValue = "8",
      description = "Concurrent restores per staging cluster, K (default ${DEFAULT-VALUE})")
  int capacity;

  @Option(
      names = "--time-scale",
      defaultValue = "0.05",
      description = "Lab task durations x this; a VM's restore is 300 s x it (default ${DEFAULT-VALUE})")
  double timeScale;

  @Option(
      names = "--vmid",
      defaultValue = "104",
      description = "The guest of every store that is tested (default ${DEFAULT-VALUE}, pos-gateway, a VM)")
  int vmid;

  @Option(
      names = "--single-runs",
      defaultValue = "3",
      description = "Restore tests of a single guest, alone, whose median is one guest's duration (default ${DEFAULT-VALUE})")
  int singleRuns;

  @Option(
      names = "--poll-interval",
      defaultValue = "500ms",
      description = "How often the staging worker polls a Proxmox task or a booting guest (default ${DEFAULT-VALUE})")
  String pollInterval;

  @Option(
      names = "--runbooks",
      defaultValue = "runbooks",
      description = "Where probes.yaml and dr-drill.yaml are read (default ${DEFAULT-VALUE}); restore-test.yaml is the benchmark's own")
  Path runbooks;

  private final PrintWriter out;

  public RestoreTestBenchCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = benchRunbooks();
    long t0 = System.nanoTime();
    try (ConfigurableApplicationContext context =
        BenchCommand.startEmbedded(
            stores,
            String.valueOf(timeScale),
            "--edge.embedded.fleet-guests=" + vmid,
            "--edge.runbooks-dir=" + dir,
            // a restore test reads the stores' PBS from the staging workers: no store worker takes part
            "--edge.site-stores=",
            // one client per staging cluster carries all K restores' polls
            "--edge.client.requests-per-second=1000",
            "--edge.client.task-poll-interval=" + pollInterval)) {
      double startup = BenchCommand.seconds(t0);
      WorkflowClient client = context.getBean(WorkflowClient.class);
      FleetDefinition fleet = context.getBean(FleetDefinition.class);
      AuditBucket bucket = context.getBean(AuditBucket.class);
      Map<String, Long> perCluster =
          fleet.stores().stream()
              .collect(Collectors.groupingBy(s -> "staging-" + s.region(), TreeMap::new,
                  Collectors.summingLong(s -> s.guests().size())));
      long guests = perCluster.values().stream().mapToLong(Long::longValue).sum();

      List<Double> singles = new ArrayList<>();
      GuestRestoreResult sample = null;
      for (int i = 0; i < singleRuns; i++) {
        StoreDefinition store = fleet.stores().get(i % fleet.stores().size());
        String id = "restore-test/bench-single-" + (i + 1);
        RestoreTestSummary one = run(client, id, List.of(store.id()));
        if (one.passed() != 1) {
          out.printf("single guest run %s did not pass: %s%n", id, one.failures());
          out.flush();
          return 1;
        }
        singles.add(guestSeconds(client, id + "/" + store.id() + "/" + vmid));
        sample = report(bucket, one).guests().get(0);
      }
      double single = median(singles);

      long t1 = System.nanoTime();
      RestoreTestSummary all = run(client, "restore-test/bench-" + stores + "-k" + capacity, List.of());
      double makespan = BenchCommand.seconds(t1);
      long rounds = perCluster.values().stream().mapToLong(n -> (n + capacity - 1) / capacity).max().orElse(0);
      double limit = rounds * single;
      List<GuestRestoreResult> results = report(bucket, all).guests();
      // when the restores ran, from the guests' own workflows: the rest is planning and reporting
      long firstStart = Long.MAX_VALUE;
      long lastClose = Long.MIN_VALUE;
      double guestTotal = 0;
      for (GuestRestoreResult g : results) {
        WorkflowExecutionInfo info = guestInfo(client, "restore-test/bench-" + stores + "-k" + capacity + "/" + g.key());
        firstStart = Math.min(firstStart, millis(info.getStartTime()));
        lastClose = Math.max(lastClose, millis(info.getCloseTime()));
        guestTotal += (millis(info.getCloseTime()) - millis(info.getStartTime())) / 1000.0;
      }
      double guestUnderLoad = guestTotal / results.size();
      double restores = (lastClose - firstStart) / 1000.0;

      out.printf("restore-test benchmark: %d stores, one guest each (VMID %d), lab time scale %s%n", stores, vmid, timeScale);
      out.printf("  start-up                                   %.1f s%n", startup);
      out.printf("  guests                                     %d on %d staging clusters (%s)%n", guests, perCluster.size(),
          perCluster.entrySet().stream().map(e -> e.getKey().substring("staging-".length()) + " " + e.getValue())
              .collect(Collectors.joining(", ")));
      out.printf("  capacity K                                 %d restores per staging cluster%n", capacity);
      out.printf("  one guest alone (restore..destroy)         %.2f s  (median of %s s; restore %s, boot %s, probe %s)%n",
          single, singles.stream().map(d -> String.format("%.2f", d)).collect(Collectors.joining(", ")),
          seconds(sample.restoreTime()), seconds(sample.bootTime()), seconds(sample.probeTime()));
      out.printf("  %-43s%.1f s%n", String.format("limit: ceil(%d / %d) x %.2f s",
          perCluster.values().stream().mapToLong(Long::longValue).max().orElse(0), capacity, single), limit);
      out.printf("  makespan (plan to report written)          %.1f s%n", makespan);
      out.printf("  makespan / limit                           %.3f (%+.1f%%)%n", makespan / limit, (makespan / limit - 1) * 100);
      out.printf("    first guest started to last destroyed    %.1f s (%.3f of the limit)%n", restores, restores / limit);
      out.printf("    planning, staging checks, report, trend  %.1f s%n", makespan - restores);
      out.printf("  mean guest under load (restore..destroy)   %.2f s (alone: %.2f s)%n", guestUnderLoad, single);
      out.printf("  mean restore+boot+probe under load         %.2f s (alone: %s)%n",
          results.stream().filter(GuestRestoreResult::passed).mapToDouble(g -> g.rto().toMillis() / 1000.0).average().orElse(0),
          seconds(sample.rto()));
      out.printf("  result: %d passed, %d failed%n", all.passed(), all.failed());
      out.flush();
      return all.passed() == guests ? 0 : 1;
    }
  }

  /**
   * The benchmark's runbooks: the committed probes.yaml and dr-drill.yaml, and a restore-test.yaml
   * that tests every guest every week with capacity K and no retests.
   */
  private Path benchRunbooks() throws IOException {
    Path dir = Files.createTempDirectory("edge-bench-runbooks");
    Files.copy(runbooks.resolve(ProbesLoader.FILE_NAME), dir.resolve(ProbesLoader.FILE_NAME));
    Files.copy(runbooks.resolve(DrDrillLoader.FILE_NAME), dir.resolve(DrDrillLoader.FILE_NAME));
    Files.writeString(
        dir.resolve(RestoreTestLoader.FILE_NAME),
        String.join(
            "\n",
            "# edgerun bench restore-test: every guest every week, K = " + capacity + " per staging cluster",
            "rotationWeeks: 1",
            "retestFailed: false",
            "staging:",
            "  vmidRange: \"9000-" + (9000 + Math.max(capacity, 100) - 1) + "\"",
            "  isolatedBridge: vmbr9",
            "  storage: ceph-vm",
            "  capacity: " + capacity,
            "timeouts:",
            "  restore: 30m",
            "  boot: 5m",
            ""));
    return dir;
  }

  private static RestoreTestSummary run(WorkflowClient client, String workflowId, List<String> stores) {
    RestoreTestWorkflow run =
        client.newWorkflowStub(
            RestoreTestWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(workflowId).build());
    return run.run(new RestoreTestRequest(stores, WEEK, false, "bench"));
  }

  /** How long a guest's own workflow ran: its slot on the staging cluster, from the first step to destroyed. */
  private static double guestSeconds(WorkflowClient client, String guestWorkflowId) {
    WorkflowExecutionInfo info = guestInfo(client, guestWorkflowId);
    return (millis(info.getCloseTime()) - millis(info.getStartTime())) / 1000.0;
  }

  private static WorkflowExecutionInfo guestInfo(WorkflowClient client, String guestWorkflowId) {
    return client.newUntypedWorkflowStub(guestWorkflowId).describe().getRawDescription().getWorkflowExecutionInfo();
  }

  private static long millis(com.google.protobuf.Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  private static RestoreTestReport report(AuditBucket bucket, RestoreTestSummary summary) throws IOException {
    return bucket.getJson(summary.reportKey(), RestoreTestReport.class).orElseThrow();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String seconds(Duration d) {
    return d == null ? "-" : String.format("%.2f s", d.toMillis() / 1000.0);
  }
}
