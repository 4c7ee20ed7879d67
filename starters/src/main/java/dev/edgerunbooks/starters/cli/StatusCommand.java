package dev.edgerunbooks.starters.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

  @Parameters(
      paramLabel = "WORKFLOW_ID",
      description =
          "e.g. backup-verify/2026-11-24T020000Z, restore-test/2026-W48, dr-drill/2026-11-24/store-0001,"
              + " evidence/2026-11-24")
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
      Optional<RunView<?>> view = RunViews.ofType(type);
      if (view.isEmpty()) {
        return printPlain(type, status);
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return printRunning(view.get(), client, description.getExecution());
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        return printResult(view.get(), client, description.getExecution());
      }
      return printPlain(type, status);
    } finally {
      temporal.close();
    }
  }

  private int printRunning(RunView<?> view, WorkflowClient client, WorkflowExecution execution) {
    RunView.RunProgress progress;
    try {
      progress = view.progress(client, execution);
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
      out.put("progress", progress.data());
      output.json(out);
    } else {
      output.out().println(workflowId + ": running");
      output.out().println(progress.line());
      progress.detail().forEach(output.out()::println);
      output.out().flush();
    }
    return ExitCodes.OK;
  }

  private <R> int printResult(RunView<R> view, WorkflowClient client, WorkflowExecution execution) {
    R result =
        client
            .newUntypedWorkflowStub(workflowId, Optional.of(execution.getRunId()), Optional.empty())
            .getResult(view.resultType());
    return view.print(output, client, execution, result, json);
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
