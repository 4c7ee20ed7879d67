package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.starters.namespace.SearchAttributeSetup;
import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.RunScope;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every {@code run <runbook>} command shares: where Temporal is, --wait, --json, and the start. */
public class RunOptions {
  /** How long {@code run} without --wait waits for a run's planning to accept its input. */
  private static final Duration PLANNING_WAIT = Duration.ofSeconds(30);

  @Mixin TemporalConnection temporal;

  @Option(names = "--wait", description = "Wait for the run, show progress, print the summary")
  boolean waitForResult;

  @Option(names = "--json", description = "Print machine-readable JSON on stdout")
  boolean json;

  @Option(names = "--requested-by", defaultValue = "${env:USER:-cli}", hidden = true)
  String requestedBy;

  /** Who the run is recorded as started by. */
  String requester() {
    return "user:" + requestedBy;
  }

  /**
   * Starts a run named {@code name} (its workflow id) on the central task queue. Without --wait it
   * prints the workflow id (once the run's planning accepted the input, for a runbook whose view
   * says when it has planned); with it, it shows progress on stderr until the run ends, prints the
   * result and returns its exit code. A dry run always waits, and its id is {@link RunIds#dryRun} of
   * {@code name} now, so that it never collides with the real run of the same name.
   */
  <R> int launch(Output output, RunView<R> view, String name, Object request, boolean dryRun) {
    String workflowId = dryRun ? RunIds.dryRun(name, Instant.now()) : name;
    boolean wait = dryRun || waitForResult;
    WorkflowClient client = temporal.connect();
    try {
      WorkflowOptions.Builder options =
          WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(workflowId);
      if (view.idReusePolicy() != null) {
        options.setWorkflowIdReusePolicy(view.idReusePolicy());
      }
      if (request instanceof RunScope scope) {
        String runbook = RunListing.RUNBOOK_OF_TYPE.get(view.workflowType());
        options.setTypedSearchAttributes(RunAttributes.ofRun(runbook, scope))
            .setStaticSummary((dryRun ? "dry run: " : "") + RunAttributes.summaryOf(runbook, scope));
      }
      WorkflowStub stub = client.newUntypedWorkflowStub(view.workflowType(), options.build());
      WorkflowExecution run;
      try {
        run = stub.start(request);
      } catch (WorkflowExecutionAlreadyStarted e) {
        throw new CliException(ExitCodes.USAGE, alreadyStarted(client, workflowId));
      } catch (WorkflowServiceException e) {
        throw unregisteredAttributes(e, temporal.namespace).orElseThrow(() -> e);
      }
      output.err().println("started " + workflowId + "  (follow it with: edgerun status " + workflowId + ")");
      output.err().flush();
      if (!wait) {
        if (!RunWatcher.awaitPlanned(stub, view.resultType(), () -> view.planned(client, run), PLANNING_WAIT)) {
          output.err().println(
              workflowId + " is still planning; edgerun status " + workflowId + " shows when it is done");
          output.err().flush();
        }
        if (json) {
          output.json(Map.of("workflowId", workflowId));
        } else {
          output.out().println(workflowId);
          output.out().flush();
        }
        return ExitCodes.OK;
      }
      R result =
          RunWatcher.await(output, stub, view.resultType(), () -> view.progress(client, run).line());
      return view.print(output, client, run, result, json);
    } finally {
      temporal.close();
    }
  }

  /**
   * The refusal of a namespace that lacks the runs' search attributes, with what to do about it;
   * empty for any other failure.
   */
  static Optional<CliException> unregisteredAttributes(RuntimeException e, String namespace) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
          && String.valueOf(s.getStatus().getDescription()).contains("search attribute")) {
        return Optional.of(new CliException(ExitCodes.UNAVAILABLE,
            "Temporal refused the run: " + s.getStatus().getDescription() + ". The runs' search attributes are not"
                + " registered in namespace " + namespace + ". Start the central worker once (it registers them), or"
                + " register them yourself:\n" + SearchAttributeSetup.commands(namespace)));
      }
    }
    return Optional.empty();
  }

  /**
   * Why a run cannot be started under {@code workflowId}: one is running, or (for a runbook that
   * does not reuse the id of a finished run) one has finished.
   */
  private static String alreadyStarted(WorkflowClient client, String workflowId) {
    WorkflowExecutionStatus status;
    try {
      status = client.newUntypedWorkflowStub(workflowId).describe().getStatus();
    } catch (RuntimeException unknown) {
      status = WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return workflowId + " is already running; follow it with: edgerun status " + workflowId;
    }
    String state = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
    return workflowId + " has already run (" + state + ") and is not run again; its result: edgerun status "
        + workflowId;
  }
}
