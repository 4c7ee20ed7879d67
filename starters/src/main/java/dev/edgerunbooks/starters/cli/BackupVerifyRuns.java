package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyProgress;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Optional;

/** Runs of the nightly backup verification, {@code backup-verify/<time>}. */
final class BackupVerifyRuns extends RunView<BackupVerifySummary> {
  BackupVerifyRuns() {
    super(BackupVerifyWorkflow.class, BackupVerifySummary.class);
  }

  @Override
  RunProgress progress(WorkflowClient client, WorkflowExecution run) {
    BackupVerifyProgress p =
        client
            .newWorkflowStub(BackupVerifyWorkflow.class, run.getWorkflowId(), Optional.of(run.getRunId()))
            .progress();
    return new RunProgress(
        progressLine(p), List.of("running stores: " + String.join(", ", p.running())), p);
  }

  @Override
  int print(
      Output output, WorkflowClient client, WorkflowExecution run, BackupVerifySummary result, boolean json) {
    return Summaries.printBackupVerify(output, result, json);
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
