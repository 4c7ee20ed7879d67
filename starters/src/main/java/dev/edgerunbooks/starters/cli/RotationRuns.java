package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.workflows.certrotation.CertRotationProgress;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.CertRotationWorkflow;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationProgress;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Runs of the rotation runbooks, {@code cert-rotation/<date>} and {@code token-rotation/<date>}.
 * Both fan out over the stores and answer the same kind of progress: the phase, stores done of the
 * total, how many nodes (accounts) ended how, and the stores being rotated now.
 */
final class RotationRuns<R> extends RunView<R> {
  static final RotationRuns<CertRotationSummary> CERTIFICATES =
      new RotationRuns<>("cert-rotation", CertRotationWorkflow.class, CertRotationSummary.class,
          (client, run) -> standing(stub(client, CertRotationWorkflow.class, run).progress()),
          RotationSummaries::printCertificates);
  static final RotationRuns<TokenRotationSummary> TOKENS =
      new RotationRuns<>("token-rotation", TokenRotationWorkflow.class, TokenRotationSummary.class,
          (client, run) -> standing(stub(client, TokenRotationWorkflow.class, run).progress()),
          RotationSummaries::printTokens);

  /** The day's run is the day's record: run again only if it failed (a forced run has an id of its own). */
  @Override
  WorkflowIdReusePolicy idReusePolicy() {
    return WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY;
  }

  /** The phase both workflows report until their plan activity has read the policy and the fleet. */
  static final String PLANNING = "planning";
  /** Stores being rotated named in {@code status}; the rest are counted. */
  private static final int RUNNING_SHOWN = 12;

  /**
   * Where a run stands, whichever runbook it is.
   *
   * @param outcomes e.g. {@code nodes: 2 renewed, 5 not due}
   * @param query the run's own progress, for {@code status --json}
   */
  record Standing(String phase, int stores, int done, String outcomes, List<String> running, Object query) {}

  /** Prints a finished run's result and returns its exit code. */
  interface Printer<R> {
    int print(Output output, R result, boolean json);
  }

  private final String runbook;
  private final BiFunction<WorkflowClient, WorkflowExecution, Standing> progress;
  private final Printer<R> printer;

  private RotationRuns(
      String runbook,
      Class<?> workflowInterface,
      Class<R> resultType,
      BiFunction<WorkflowClient, WorkflowExecution, Standing> progress,
      Printer<R> printer) {
    super(workflowInterface, resultType);
    this.runbook = runbook;
    this.progress = progress;
    this.printer = printer;
  }

  /** The runbook's name: the {@code run} subcommand and the first part of its runs' ids. */
  String runbook() {
    return runbook;
  }

  @Override
  RunProgress progress(WorkflowClient client, WorkflowExecution run) {
    Standing s = progress.apply(client, run);
    List<String> detail =
        s.running().isEmpty()
            ? List.of()
            : List.of("rotating now (" + s.running().size() + "): " + Suggestions.list(s.running(), RUNNING_SHOWN));
    return new RunProgress(progressLine(s), detail, s.query());
  }

  /** A run has planned once its plan activity accepted the stores and the policy. */
  @Override
  boolean planned(WorkflowClient client, WorkflowExecution run) {
    return !PLANNING.equals(progress.apply(client, run).phase());
  }

  @Override
  int print(Output output, WorkflowClient client, WorkflowExecution run, R result, boolean json) {
    return printer.print(output, result, json);
  }

  /** {@code [#####...] 3/10 stores  nodes: 4 renewed, 12 not due  (checking and renewing)}. */
  static String progressLine(Standing s) {
    return Output.bar(s.done(), s.stores(), 30) + " stores  " + s.outcomes() + "  (" + s.phase() + ")";
  }

  static Standing standing(CertRotationProgress p) {
    String nodes = Summaries.counts(NodeOutcome.values(), o -> p.nodes().getOrDefault(o, 0), "none done yet");
    return new Standing(p.phase(), p.stores(), p.done(), "nodes: " + nodes, p.running(), p);
  }

  static Standing standing(TokenRotationProgress p) {
    String accounts = Summaries.counts(TokenOutcome.values(), o -> p.accounts().getOrDefault(o, 0), "none done yet");
    return new Standing(p.phase(), p.stores(), p.done(), "accounts: " + accounts, p.running(), p);
  }

  private static <W> W stub(WorkflowClient client, Class<W> workflowInterface, WorkflowExecution run) {
    return client.newWorkflowStub(workflowInterface, run.getWorkflowId(), Optional.of(run.getRunId()));
  }
}
