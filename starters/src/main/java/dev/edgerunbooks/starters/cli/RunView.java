package dev.edgerunbooks.starters.cli;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.util.List;

/**
 * What the CLI knows about the runs of one runbook: its workflow type, where a running run stands,
 * and how a finished run is printed. {@code run <runbook>} and {@code status} share it, and {@link
 * RunViews} finds the one for a workflow type.
 */
interface RunView<R> {

  /** The workflow type's name as Temporal knows it. */
  String workflowType();

  Class<R> resultType();

  /** Where a running run stands, from its query (and its children's). */
  RunProgress progress(WorkflowClient client, WorkflowExecution run);

  /** Prints a finished run's result on stdout and returns the exit code it stands for. */
  int print(Output output, WorkflowClient client, WorkflowExecution run, R result, boolean json);

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
