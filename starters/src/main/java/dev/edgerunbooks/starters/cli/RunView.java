package dev.edgerunbooks.starters.cli;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.util.List;

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

  /** The type name Temporal gives the workflow interface's runs. */
  static String typeOf(Class<?> workflowInterface) {
    return POJOWorkflowInterfaceMetadata.newInstance(workflowInterface).getWorkflowType().orElseThrow();
  }
}
