package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.patch.BundleVersion;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a run by its id and prints where it stands: the progress of a running run, the summary and
 * exit code of a finished one. {@code status} prints it once; {@code watch} redraws the running
 * view and ends with the same summary and exit code.
 */
final class RunStatus {
  private final Output output;
  private final String workflowId;
  private final boolean json;

  RunStatus(Output output, String workflowId, boolean json) {
    this.output = output;
    this.workflowId = workflowId;
    this.json = json;
  }

  /** The run an operator names: a bare bundle version ({@code 2026.12.0}) is its patch wave. */
  static String workflowId(String id) {
    return BundleVersion.isValid(id) ? RunIds.patchWave(id) : id;
  }

  /**
   * The newest run under {@code workflowId}.
   *
   * @throws CliException with {@link ExitCodes#NOT_FOUND} when there is none
   */
  static WorkflowExecutionDescription describe(WorkflowClient client, String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe();
    } catch (RuntimeException e) {
      if (isNotFound(e)) {
        throw notFound(workflowId);
      }
      throw e;
    }
  }

  static CliException notFound(String workflowId) {
    return new CliException(ExitCodes.NOT_FOUND, "no run with id " + workflowId);
  }

  static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowNotFoundException
          || t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  static boolean running(WorkflowExecutionDescription description) {
    return description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  /** Prints the run as {@code status} does and returns the exit code it stands for. */
  int print(WorkflowClient client, WorkflowExecutionDescription description) {
    String type = description.getWorkflowType();
    WorkflowExecutionStatus status = description.getStatus();
    Optional<RunView<?>> view = RunViews.ofType(type);
    if (view.isEmpty()) {
      return printPlain(type, status);
    }
    if (running(description)) {
      return printRunning(view.get(), client, description.getExecution());
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return printResult(view.get(), client, description.getExecution());
    }
    return printPlain(type, status);
  }

  /**
   * What {@code status} prints of a running run, as lines: its id, the progress line and the detail.
   */
  List<String> runningLines(WorkflowClient client, WorkflowExecutionDescription description) {
    Optional<RunView<?>> view = RunViews.ofType(description.getWorkflowType());
    if (view.isEmpty()) {
      return List.of(workflowId + " (" + description.getWorkflowType() + "): running");
    }
    return runningLines(view.get(), client, description.getExecution());
  }

  private List<String> runningLines(RunView<?> view, WorkflowClient client, WorkflowExecution execution) {
    RunView.RunProgress progress;
    try {
      progress = view.progress(client, execution);
    } catch (RuntimeException e) {
      // e.g. the worker holding the run in its cache just died; the run itself goes on
      return List.of(workflowId + ": running (no progress yet: no worker answered the query)");
    }
    List<String> lines = new ArrayList<>();
    lines.add(workflowId + ": running");
    lines.add(progress.line());
    lines.addAll(progress.detail());
    return lines;
  }

  private int printRunning(RunView<?> view, WorkflowClient client, WorkflowExecution execution) {
    if (!json) {
      runningLines(view, client, execution).forEach(output.out()::println);
      output.out().flush();
      return ExitCodes.OK;
    }
    Object progress;
    try {
      progress = view.progress(client, execution).data();
    } catch (RuntimeException e) {
      progress = null; // no worker answered the query
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workflowId", workflowId);
    out.put("status", "RUNNING");
    out.put("progress", progress);
    output.json(out);
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
}
