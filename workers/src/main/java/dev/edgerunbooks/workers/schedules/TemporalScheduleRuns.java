package dev.edgerunbooks.workers.schedules;

import dev.edgerunbooks.starters.schedules.ScheduledRuns.ScheduledStart;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.Optional;

/** {@link ScheduleRuns} on a Temporal client: runs start on the central task queue, as the CLI starts them. */
public final class TemporalScheduleRuns implements ScheduleRuns {
  private final WorkflowClient client;

  public TemporalScheduleRuns(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public Started start(ScheduledStart start) {
    WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.CENTRAL)
        .setWorkflowId(start.workflowId())
        .setTypedSearchAttributes(start.attributes())
        .setStaticSummary(start.summary());
    if (start.reusePolicy() != null) {
      options.setWorkflowIdReusePolicy(start.reusePolicy());
    }
    WorkflowStub stub = WorkflowStub.fromTyped(client.newWorkflowStub(start.workflowInterface(), options.build()));
    try {
      WorkflowExecution run = stub.start(start.request());
      return new Started(new Run(run.getWorkflowId(), run.getRunId()), false);
    } catch (WorkflowExecutionAlreadyStarted e) {
      WorkflowExecution run = e.getExecution();
      return new Started(new Run(run.getWorkflowId(), run.getRunId()), true);
    }
  }

  @Override
  public State state(Run run) {
    WorkflowExecutionStatus status = stub(run).describe().getStatus();
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_UNSPECIFIED, UNRECOGNIZED -> State.RUNNING;
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> State.COMPLETED;
      case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> State.FAILED;
      default -> State.ENDED;
    };
  }

  @Override
  public void cancel(Run run) {
    stub(run).cancel();
  }

  @Override
  public void terminate(Run run, String reason) {
    stub(run).terminate(reason);
  }

  private WorkflowStub stub(Run run) {
    return client.newUntypedWorkflowStub(run.workflowId(), Optional.ofNullable(run.runId()), Optional.empty());
  }
}
