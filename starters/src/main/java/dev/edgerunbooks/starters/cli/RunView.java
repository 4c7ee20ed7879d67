package dev.edgerunbooks.starters.cli;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the CLI knows about the runs of one runbook: its workflow type, where a running run stands,
 * and how a finished run is printed. {@code run <runbook>} and {@code status} share it, and {@link
 * RunViews} finds the one for a workflow type.
 */
abstract class RunView<R> {
  private final String workflowType;
  private final Class<R> resultType;

  RunView(Class<?> workflowInterface, Class<R> resultType) {
    this.workflowType = typeOf(workflowInterface);
    this.resultType = resultType;
  }

  /** The workflow type's name as Temporal knows it. */
  final String workflowType() {
    return workflowType;
  }

  final Class<R> resultType() {
    return resultType;
  }

  /**
   * Whether a run may be started under the id of a finished one; null for Temporal's default (it
   * may, once the earlier run is no longer running).
   */
  WorkflowIdReusePolicy idReusePolicy() {
    return null;
  }

  /** Where a running run stands, from its query (and its children's). */
  abstract RunProgress progress(WorkflowClient client, WorkflowExecution run);

  /**
   * Whether a run just started got past its planning, so that {@code run} without --wait can report
   * a refused input at once; true (do not wait) unless a runbook says otherwise.
   */
  boolean planned(WorkflowClient client, WorkflowExecution run) {
    return true;
  }

  /** Prints a finished run's result on stdout and returns the exit code it stands for. */
  abstract int print(Output output, WorkflowClient client, WorkflowExecution run, R result, boolean json);

  /**
   * @param line one line for the progress bar
   * @param detail more lines for {@code status}
   * @param data what {@code status --json} prints as {@code progress}
   */
  record RunProgress(String line, List<String> detail, Object data) {
    public RunProgress {
      detail = List.copyOf(detail);
    }
  }

  /**
   * Where a run without a progress query stands: the steps (activities) and child runs it is
   * waiting on, from its description.
   */
  static RunProgress pendingWork(WorkflowClient client, WorkflowExecution run) {
    DescribeWorkflowExecutionResponse description =
        client
            .newUntypedWorkflowStub(run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
            .describe()
            .getRawDescription();
    List<String> pending = new ArrayList<>();
    for (PendingActivityInfo activity : description.getPendingActivitiesList()) {
      pending.add(
          activity.getActivityType().getName()
              + (activity.getAttempt() > 1 ? " (attempt " + activity.getAttempt() + ")" : ""));
    }
    for (PendingChildExecutionInfo child : description.getPendingChildrenList()) {
      pending.add(child.getWorkflowId());
    }
    String line =
        pending.isEmpty() ? "working (no step pending right now)" : "waiting on " + String.join(", ", pending);
    return new RunProgress(line, List.of(), pending);
  }

  /** The type name Temporal gives the workflow interface's runs. */
  static String typeOf(Class<?> workflowInterface) {
    return POJOWorkflowInterfaceMetadata.newInstance(workflowInterface).getWorkflowType().orElseThrow();
  }
}
