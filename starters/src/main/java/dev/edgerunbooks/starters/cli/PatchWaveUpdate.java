package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code approve}, {@code pause}, {@code resume} and {@code abort} share: the patch wave they
 * address, who sends them, and the answer. The run's validator decides: a refusal is exit code 2
 * with its reason, a run that is not there exit code 4.
 */
abstract class PatchWaveUpdate implements Callable<Integer> {
  @Mixin RunArgument target;
  @Mixin OperatorOption operator;

  @Spec CommandSpec spec;

  final Output output;

  PatchWaveUpdate(Output output) {
    this.output = output;
  }

  /** Sends the update as {@code by} and returns the run's answer. */
  abstract String send(PatchWaveWorkflow run, String by);

  /** Refuses input the run would refuse anyway, before connecting. */
  void checkInput() {}

  @Override
  public Integer call() {
    String workflowId = target.workflowId();
    String by = operator.name();
    checkInput();
    String update = spec.name();
    WorkflowClient client = target.temporal.connect();
    try {
      WorkflowExecutionDescription described = RunStatus.describe(client, workflowId);
      if (!described.getWorkflowType().equals(PatchWaveRuns.TYPE)) {
        throw new CliException(
            ExitCodes.USAGE,
            workflowId + " is a " + described.getWorkflowType() + " run; " + update
                + " steers patch waves (patch-wave/<bundle>)");
      }
      if (!RunStatus.running(described)) {
        String state = described.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
        throw new CliException(
            ExitCodes.USAGE,
            workflowId + " is no longer running (" + state + "); its result: edgerun status " + workflowId);
      }
      String answer;
      try {
        answer = send(client.newWorkflowStub(PatchWaveWorkflow.class, workflowId), by);
      } catch (WorkflowUpdateException refused) {
        throw new CliException(ExitCodes.USAGE, workflowId + " refused to " + update + ": " + reason(refused));
      } catch (RuntimeException e) {
        if (RunStatus.isNotFound(e)) {
          throw RunStatus.notFound(workflowId);
        }
        throw e;
      }
      if (target.json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflowId", workflowId);
        out.put("update", update);
        out.put("by", by);
        out.put("answer", answer);
        output.json(out);
      } else {
        output.out().println(workflowId + ": " + answer);
        output.out().flush();
      }
      return ExitCodes.OK;
    } finally {
      target.temporal.close();
    }
  }

  /** The validator's message, e.g. "alice started this run and cannot approve it". */
  private static String reason(WorkflowUpdateException refused) {
    for (Throwable t = refused.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure failure) {
        return failure.getOriginalMessage();
      }
    }
    return refused.getCause() == null ? refused.getMessage() : refused.getCause().getMessage();
  }
}
