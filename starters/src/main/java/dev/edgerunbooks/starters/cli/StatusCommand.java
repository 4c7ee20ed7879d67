package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyProgress;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show where a run stands: its progress while it runs, its summary when it is done.")
public class StatusCommand implements Callable<Integer> {
  @Mixin TemporalConnection temporal;

  @Parameters(paramLabel = "WORKFLOW_ID", description = "e.g. backup-verify/2026-11-24T020000Z")
  String workflowId;

  @Option(names = "--json", description = "Print machine-readable JSON on stdout")
  boolean json;

  private final Output output;

  public StatusCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    WorkflowClient client = temporal.connect();
    try {
      WorkflowStub run = client.newUntypedWorkflowStub(workflowId);
      WorkflowExecutionDescription description;
      try {
        description = run.describe();
      } catch (RuntimeException e) {
        if (isNotFound(e)) {
          throw new CliException(ExitCodes.NOT_FOUND, "no run with id " + workflowId);
        }
        throw e;
      }
      String type = description.getWorkflowType();
      WorkflowExecutionStatus status = description.getStatus();
      if (!"BackupVerifyWorkflow".equals(type)) {
        return printPlain(type, status);
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        BackupVerifyWorkflow typed = client.newWorkflowStub(BackupVerifyWorkflow.class, workflowId);
        BackupVerifyProgress progress;
        try {
          progress = typed.progress();
        } catch (RuntimeException e) {
          // e.g. the worker holding the run in its cache just died; the run itself goes on
          output.out().println(workflowId + ": running (no progress yet: no worker answered the query)");
          output.out().flush();
          return ExitCodes.OK;
        }
        if (json) {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("workflowId", workflowId);
          out.put("status", "RUNNING");
          out.put("progress", progress);
          output.json(out);
        } else {
          output.out().println(workflowId + ": running");
          output.out().println(BackupVerifyCommand.progressLine(progress));
          output.out().println("running stores: " + String.join(", ", progress.running()));
          output.out().flush();
        }
        return ExitCodes.OK;
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        return Summaries.printBackupVerify(output, run.getResult(BackupVerifySummary.class), json);
      }
      return printPlain(type, status);
    } finally {
      temporal.close();
    }
  }

  private int printPlain(String type, WorkflowExecutionStatus status) {
    String state = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    if (json) {
      output.json(Map.of("workflowId", workflowId, "type", type, "status", state));
    } else {
      output.out().println(workflowId + " (" + type + "): " + state.toLowerCase());
      output.out().flush();
    }
    return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
            || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        ? ExitCodes.OK
        : ExitCodes.UNAVAILABLE;
  }

  private static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }
}
