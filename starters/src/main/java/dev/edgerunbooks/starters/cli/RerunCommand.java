package dev.edgerunbooks.starters.cli;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    description = {
      "Start a new run with the input of an earlier one, or of its failed stores only.",
      "The input is read from the run's history; the new run gets the id 'edgerun run' gives a new run of that"
          + " input now: backup-verify/<now>, cert-rotation/<today>, evidence/<the same day>, …; a dry run is a dry"
          + " run again.",
      "--failed-only: only the stores whose result failed in the run's summary, for the runbooks whose request"
          + " names stores: backup-verify (stores with a failure or unreachable), dr-drill (stores whose drill did"
          + " not pass), cert-rotation and token-rotation (stores with a failed node or account, or not checked)."
          + " The other runbooks say why they do not support it.",
      "Exit codes: those of 'edgerun run'; 0 also when --failed-only finds no failed store (nothing is started)."
    })
public class RerunCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Parameters(
      paramLabel = "WORKFLOW_ID",
      description = "The run to start again, e.g. backup-verify/2026-11-24T020000Z (a bare bundle version is its patch wave)")
  String id;

  @Option(names = "--run-id", paramLabel = "RUN_ID", description = "This run of the id; default: the newest")
  String runId;

  @Option(names = "--failed-only", description = "Only the stores whose result failed (see above)")
  boolean failedOnly;

  private final Output output;

  public RerunCommand(Output output) {
    this.output = output;
  }

  /** The new run: its runbook, id and request. */
  private record Plan(RunView<?> view, String workflowId, Object request, boolean dryRun) {}

  @Override
  public Integer call() {
    String workflowId = RunStatus.workflowId(id);
    WorkflowClient client = run.temporal.connect();
    Optional<Plan> plan;
    try {
      plan = plan(client, workflowId);
    } finally {
      run.temporal.close();
    }
    if (plan.isEmpty()) {
      if (run.json) {
        output.json(Map.of("rerunOf", workflowId, "started", false, "failedStores", List.of()));
      }
      return ExitCodes.OK;
    }
    Plan p = plan.get();
    return run.launch(output, p.view(), p.workflowId(), p.request(), p.dryRun());
  }

  private Optional<Plan> plan(WorkflowClient client, String workflowId) {
    WorkflowExecutionDescription described = Histories.describe(client, workflowId, runId);
    String type = described.getWorkflowType();
    Reruns.Rerun<?, ?> rerun = Reruns.ofType(type).orElseThrow(() -> notARunbook(workflowId, type, described));
    return plan(client, described, rerun);
  }

  private <Q, S> Optional<Plan> plan(WorkflowClient client, WorkflowExecutionDescription described, Reruns.Rerun<Q, S> rerun) {
    WorkflowExecution execution = described.getExecution();
    String workflowId = execution.getWorkflowId();
    if (failedOnly && !rerun.supportsFailedOnly()) {
      throw new CliException(
          ExitCodes.USAGE,
          rerun.view().workflowType() + " does not support --failed-only: " + rerun.noFailedOnly()
              + ". Rerun it whole with: edgerun rerun " + workflowId);
    }
    WorkflowExecutionStartedEventAttributes started = firstInput(client, execution);
    Q request =
        client.getOptions().getDataConverter()
            .fromPayloads(0, Optional.of(started.getInput()), rerun.requestType(), rerun.requestType());
    LocalDate startedOn = LocalDate.ofInstant(described.getStartTime(), ZoneOffset.UTC);
    String what = "the same input";
    if (failedOnly) {
      List<String> failed = rerun.failedStores().of(summary(client, described, rerun.view()));
      if (failed.isEmpty()) {
        output.err().println("no store failed in " + workflowId + " (run " + execution.getRunId() + "): nothing to rerun");
        output.err().flush();
        return Optional.empty();
      }
      request = rerun.withStores().of(request, failed);
      what = "its failed stores only (" + failed.size() + "): " + String.join(", ", failed);
    }
    output.err().println("rerun of " + workflowId + " (run " + execution.getRunId() + "), " + what);
    output.err().flush();
    String newId = rerun.naming().workflowId(request, startedOn, Clock.systemUTC());
    return Optional.of(new Plan(rerun.view(), newId, request, rerun.dryRun().test(request)));
  }

  /**
   * The start of the run's chain: a run that continued as new (a patch wave after each wave)
   * carries its state in its input, so the input is the one its first run was started with.
   */
  private static WorkflowExecutionStartedEventAttributes firstInput(WorkflowClient client, WorkflowExecution run) {
    WorkflowExecutionStartedEventAttributes started = firstEvent(client, run).getWorkflowExecutionStartedEventAttributes();
    String first = started.getFirstExecutionRunId();
    if (started.getContinuedExecutionRunId().isEmpty() || first.isEmpty() || first.equals(run.getRunId())) {
      return started;
    }
    WorkflowExecution firstRun = run.toBuilder().setRunId(first).build();
    try {
      return firstEvent(client, firstRun).getWorkflowExecutionStartedEventAttributes();
    } catch (RuntimeException e) {
      if (RunStatus.isNotFound(e)) {
        throw new CliException(
            ExitCodes.USAGE,
            run.getWorkflowId() + " continued as new from run " + first + ", whose input is no longer in Temporal"
                + " (past its retention): start a new run with edgerun run");
      }
      throw e;
    }
  }

  private static HistoryEvent firstEvent(WorkflowClient client, WorkflowExecution run) {
    return client.getWorkflowServiceStubs().blockingStub()
        .getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(run)
                .setMaximumPageSize(1)
                .build())
        .getHistory()
        .getEvents(0);
  }

  /** The finished run's summary, which says which stores failed. */
  private static <S> S summary(WorkflowClient client, WorkflowExecutionDescription described, RunView<S> view) {
    WorkflowExecution run = described.getExecution();
    WorkflowExecutionStatus status = described.getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new CliException(
          ExitCodes.USAGE,
          run.getWorkflowId() + " is still running: its failed stores are known when it ends (edgerun watch "
              + run.getWorkflowId() + ")");
    }
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      String state = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
      throw new CliException(
          ExitCodes.USAGE,
          run.getWorkflowId() + " ended " + state + ", without a summary that names failed stores: rerun it whole"
              + " with: edgerun rerun " + run.getWorkflowId());
    }
    return client
        .newUntypedWorkflowStub(run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
        .getResult(view.resultType());
  }

  /** A run that is not a runbook's own: a store's part of a fleet run, or something else. */
  private static CliException notARunbook(String workflowId, String type, WorkflowExecutionDescription described) {
    WorkflowExecutionInfo info = described.getRawDescription().getWorkflowExecutionInfo();
    if (info.hasParentExecution() && !info.getParentExecution().getWorkflowId().isEmpty()) {
      String parent = info.getParentExecution().getWorkflowId();
      return new CliException(
          ExitCodes.USAGE,
          workflowId + " (" + type + ") is part of the run " + parent + ": rerun that one (with --failed-only for"
              + " its failed stores, where its runbook supports it): edgerun rerun " + parent);
    }
    return new CliException(
        ExitCodes.USAGE, workflowId + " is a run of " + type + ", not of a runbook edgerun starts; it cannot be rerun");
  }
}
