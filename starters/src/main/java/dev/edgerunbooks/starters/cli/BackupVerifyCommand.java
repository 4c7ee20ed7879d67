package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyProgress;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backup-verify",
    mixinStandardHelpOptions = true,
    description = {
      "Nightly backup verification: for every store, find each guest's newest backup on PBS,",
      "run PBS verify on unverified snapshots, check the RPO of every guest and the offsite copy.",
      "The report goes to the audit bucket under reports/backup-verify/<date>/<runId>.json."
    })
public class BackupVerifyCommand implements Callable<Integer> {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Mixin TemporalConnection temporal;
  @Mixin FleetOption fleet;

  @Option(
      names = "--stores",
      split = ",",
      paramLabel = "STORE",
      description = "Only these stores (comma-separated ids); default: the whole fleet")
  List<String> stores = List.of();

  @Option(
      names = "--concurrency",
      defaultValue = "50",
      description = "How many stores are verified at once (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--wait", description = "Wait for the run, show progress, print the summary")
  boolean waitForResult;

  @Option(names = "--json", description = "Print machine-readable JSON on stdout")
  boolean json;

  @Option(names = "--requested-by", defaultValue = "${env:USER:-cli}", hidden = true)
  String requestedBy;

  private final Output output;

  public BackupVerifyCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    if (concurrency < 1) {
      throw new CliException(ExitCodes.USAGE, "--concurrency must be at least 1, got " + concurrency);
    }
    fleet.requireStores(stores);
    String workflowId = "backup-verify/" + ID_TIME.format(Instant.now());
    WorkflowClient client = temporal.connect();
    try {
      BackupVerifyWorkflow workflow =
          client.newWorkflowStub(
              BackupVerifyWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.CENTRAL)
                  .setWorkflowId(workflowId)
                  .build());
      WorkflowClient.start(
          workflow::run, new BackupVerifyRequest(stores, concurrency, "user:" + requestedBy));
      output.err().println("started " + workflowId + "  (follow it with: edgerun status " + workflowId + ")");
      output.err().flush();
      if (!waitForResult) {
        if (json) {
          output.json(Map.of("workflowId", workflowId));
        } else {
          output.out().println(workflowId);
        }
        return ExitCodes.OK;
      }
      BackupVerifySummary summary =
          RunWatcher.await(
              output,
              WorkflowStub.fromTyped(workflow),
              BackupVerifySummary.class,
              () -> progressLine(workflow.progress()));
      return Summaries.printBackupVerify(output, summary, json);
    } finally {
      temporal.close();
    }
  }

  static String progressLine(BackupVerifyProgress p) {
    return Output.bar(p.done(), p.total(), 30)
        + " stores  "
        + p.passed()
        + " passed, "
        + p.failed()
        + " failed, "
        + p.unreachable()
        + " unreachable  ("
        + p.phase()
        + ")";
  }
}
