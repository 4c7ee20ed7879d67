package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.evidence.EvidenceProgress;
import dev.edgerunbooks.workflows.evidence.EvidenceSummary;
import dev.edgerunbooks.workflows.evidence.EvidenceWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Optional;

/**
 * Runs of the nightly audit evidence, {@code evidence/<date>}. A day is recorded once: a finished
 * run's id is not reused (a failed one's is, so a day whose run failed can be run again).
 */
final class EvidenceRuns extends RunView<EvidenceSummary> {
  EvidenceRuns() {
    super(EvidenceWorkflow.class, EvidenceSummary.class);
  }

  @Override
  WorkflowIdReusePolicy idReusePolicy() {
    return WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY;
  }

  @Override
  RunProgress progress(WorkflowClient client, WorkflowExecution run) {
    EvidenceProgress p =
        client
            .newWorkflowStub(EvidenceWorkflow.class, run.getWorkflowId(), Optional.of(run.getRunId()))
            .progress();
    List<String> detail =
        p.running().isEmpty() ? List.of() : List.of("collecting now: " + String.join(", ", p.running()));
    return new RunProgress(progressLine(p), detail, p);
  }

  @Override
  int print(Output output, WorkflowClient client, WorkflowExecution run, EvidenceSummary result, boolean json) {
    return Summaries.printEvidence(output, result, json);
  }

  static String progressLine(EvidenceProgress p) {
    return Output.bar(p.done(), p.total(), 30) + " stores  " + p.failed() + " not collected  (" + p.phase() + ")";
  }
}
