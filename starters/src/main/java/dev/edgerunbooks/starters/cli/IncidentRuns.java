package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.patch.EvacuateNodeWorkflow;
import dev.edgerunbooks.workflows.patch.EvacuationResult;
import dev.edgerunbooks.workflows.patch.RollbackStoreWorkflow;
import dev.edgerunbooks.workflows.patch.StorePatchResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;

/**
 * Runs of the incident runbooks, {@code evacuate-node/<store>/<node>} and {@code
 * rollback-store/<store>}. They have no query: a running one shows the steps it is waiting on.
 */
final class IncidentRuns<R> extends RunView<R> {
  static final IncidentRuns<EvacuationResult> EVACUATE_NODE =
      new IncidentRuns<>(EvacuateNodeWorkflow.class, EvacuationResult.class, Summaries::printEvacuation);
  static final IncidentRuns<StorePatchResult> ROLLBACK_STORE =
      new IncidentRuns<>(RollbackStoreWorkflow.class, StorePatchResult.class, Summaries::printRollback);

  /** Prints a finished run's result and returns its exit code. */
  interface Printer<R> {
    int print(Output output, String workflowId, R result, boolean json);
  }

  private final Printer<R> printer;

  private IncidentRuns(Class<?> workflowInterface, Class<R> resultType, Printer<R> printer) {
    super(workflowInterface, resultType);
    this.printer = printer;
  }

  @Override
  RunProgress progress(WorkflowClient client, WorkflowExecution run) {
    return pendingWork(client, run);
  }

  @Override
  int print(Output output, WorkflowClient client, WorkflowExecution run, R result, boolean json) {
    return printer.print(output, run.getWorkflowId(), result, json);
  }
}
