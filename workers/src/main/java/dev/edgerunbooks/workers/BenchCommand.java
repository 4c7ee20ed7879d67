package dev.edgerunbooks.workers;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure nightly backup verification over a simulated fleet.",
      "Starts the embedded product on free ports with the lab's time scale at 0, runs one verification of every"
          + " store, prints start-up time, wall time and peak heap, and stops.",
      "'bench restore-test' measures the weekly restore test against its limit instead, 'bench evidence' a night"
          + " of audit evidence, 'bench patch-wave' a whole patch wave plan."
    })
public class BenchCommand implements Callable<Integer> {
  @Option(names = "--stores", defaultValue = "500", description = "Fleet size (default ${DEFAULT-VALUE})")
  int stores;

  @Option(
      names = "--concurrency",
      defaultValue = "50",
      description = "Stores verified at once (default ${DEFAULT-VALUE})")
  int concurrency;

  private final PrintWriter out;

  public BenchCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    try (ConfigurableApplicationContext context = startEmbedded(stores, "0")) {
      double startup = seconds(t0);
      resetPeaks();
      WorkflowClient client = context.getBean(WorkflowClient.class);
      BackupVerifyWorkflow run =
          client.newWorkflowStub(
              BackupVerifyWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.CENTRAL)
                  .setWorkflowId("backup-verify/bench-" + stores)
                  .build());
      long t1 = System.nanoTime();
      BackupVerifySummary summary = run.run(new BackupVerifyRequest(List.of(), concurrency, false, "bench"));
      double wall = seconds(t1);
      out.printf("backup-verify benchmark: %d stores, concurrency %d, lab time scale 0%n", stores, concurrency);
      out.printf("  start-up (Temporal, lab, S3Proxy, %d site workers)  %.1f s%n", stores, startup);
      out.printf("  verification wall time                             %.1f s (%.1f stores/s)%n", wall, stores / wall);
      out.printf("  peak heap during the run                           %d MiB%n", peakHeapMiB());
      out.printf("  max heap (-Xmx)                                    %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
      out.printf("  result: %d passed, %d failed, %d unreachable%n", summary.passed(), summary.failed(), summary.unreachable());
      out.flush();
      return summary.passed() == stores ? 0 : 1;
    }
  }

  /**
   * The embedded product on free ports with a fresh data directory, quiet logs, {@code stores} lab
   * stores at {@code timeScale}, plus a benchmark's own {@code settings} ({@code --name=value}).
   */
  static ConfigurableApplicationContext startEmbedded(int stores, String timeScale, String... settings)
      throws IOException {
    SpringApplication app = new SpringApplication(EdgeRunbooksApplication.class);
    app.setAdditionalProfiles("embedded");
    List<String> args = new ArrayList<>(List.of(
        "--edge.embedded.lab-stores=" + stores,
        "--edge.embedded.lab-time-scale=" + timeScale,
        "--edge.embedded.lab-base-port=0",
        "--edge.embedded.lab-admin-port=0",
        "--edge.embedded.temporal-port=" + freePort(),
        "--edge.embedded.s3-port=0",
        "--edge.embedded.data-dir=" + Files.createTempDirectory("edge-bench"),
        "--logging.level.dev.edgerunbooks=WARN"));
    args.addAll(List.of(settings));
    return app.run(args.toArray(String[]::new));
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  static long peakHeapMiB() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum()
        >> 20;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
