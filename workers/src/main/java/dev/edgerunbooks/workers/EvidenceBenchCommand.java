package dev.edgerunbooks.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.evidence.EvidenceHashes;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import dev.edgerunbooks.workflows.evidence.EvidenceSummary;
import dev.edgerunbooks.workflows.evidence.EvidenceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = {
      "Measure one night of audit evidence over a simulated fleet.",
      "Starts the embedded product on free ports with the lab's time scale at 0, records one day ("
          + EvidenceBenchCommand.DATE + ") of every store, prints start-up time, the night's wall time, stores"
          + " collected, items, the day's file size, the events of the fleet run's history and peak heap, and stops."
    })
public class EvidenceBenchCommand implements Callable<Integer> {
  static final String DATE = "2026-11-01";

  @Option(names = "--stores", defaultValue = "500", description = "Fleet size (default ${DEFAULT-VALUE})")
  int stores;

  @Option(
      names = "--concurrency",
      defaultValue = "20",
      description = "Stores collected at once (default ${DEFAULT-VALUE}, as `edgerun run evidence`)")
  int concurrency;

  @Option(
      names = "--runbooks",
      defaultValue = "runbooks",
      description = "Where the runbook files are read (default ${DEFAULT-VALUE})")
  Path runbooks;

  private final PrintWriter out;

  public EvidenceBenchCommand(PrintWriter out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    try (ConfigurableApplicationContext context =
        BenchCommand.startEmbedded(stores, "0", "--edge.runbooks-dir=" + runbooks)) {
      double startup = BenchCommand.seconds(t0);
      BenchCommand.resetPeaks();
      WorkflowClient client = context.getBean(WorkflowClient.class);
      AuditBucket bucket = context.getBean(AuditBucket.class);
      String workflowId = "evidence/" + DATE;
      EvidenceWorkflow run =
          client.newWorkflowStub(
              EvidenceWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(workflowId).build());
      long t1 = System.nanoTime();
      EvidenceSummary summary = run.run(new EvidenceRequest(DATE, List.of(), concurrency, false, "bench"));
      double wall = BenchCommand.seconds(t1);
      long peakHeap = BenchCommand.peakHeapMiB();

      byte[] day = bucket.getBytes(summary.day().key()).orElseThrow();
      long items = 0;
      long gaps = 0;
      for (JsonNode store : EvidenceHashes.parse(day).path("stores")) {
        items += store.path("items").size();
        gaps += store.path("gaps").size();
      }
      int events = client.fetchHistory(workflowId).getEvents().size();
      int storeEvents = client.fetchHistory(workflowId + "/" + summary.plan().stores().get(0).storeId()).getEvents().size();

      out.printf("evidence benchmark: %d stores, concurrency %d, lab time scale 0, day %s%n", stores, concurrency, DATE);
      out.printf("  start-up (Temporal, lab, S3Proxy, %d site workers)  %.1f s%n", stores, startup);
      out.printf("  night wall time (plan to day's file written)       %.1f s (%.1f stores/s)%n", wall, stores / wall);
      out.printf("  stores collected                                   %d of %d%n", summary.collected(), summary.stores());
      out.printf("  items                                              %d (%.1f per store, %d gaps)%n",
          items, summary.collected() == 0 ? 0.0 : (double) items / summary.collected(), gaps);
      out.printf("  %-51s%d bytes%n", "day's file (" + summary.day().key() + ")", day.length);
      out.printf("  events in the fleet run's history                  %d (%s; one store's run: %d)%n", events, workflowId, storeEvents);
      out.printf("  peak heap during the night                         %d MiB%n", peakHeap);
      out.printf("  max heap (-Xmx)                                    %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
      summary.failures().stream().limit(10).forEach(f -> out.println("  not collected: " + f));
      out.flush();
      return summary.collected() == stores ? 0 : 1;
    }
  }
}
