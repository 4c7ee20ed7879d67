package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.restoretest.RestoreTestProgress;
import dev.edgerunbooks.workflows.restoretest.RestoreTestSummary;
import dev.edgerunbooks.workflows.restoretest.RestoreTestWorkflow;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreProgress;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs of the weekly restore test, {@code restore-test/<week>}. Guest-level progress comes from the
 * staging workflows the run lists as still restoring.
 */
final class RestoreTestRuns extends RunView<RestoreTestSummary> {
  /** The run's own progress and that of its regions still restoring, for {@code status --json}. */
  record Status(RestoreTestProgress run, List<StagingRestoreProgress> regions) {}

  RestoreTestRuns() {
    super(RestoreTestWorkflow.class, RestoreTestSummary.class);
  }

  @Override
  RunProgress progress(WorkflowClient client, WorkflowExecution run) {
    RestoreTestProgress p =
        client
            .newWorkflowStub(RestoreTestWorkflow.class, run.getWorkflowId(), Optional.of(run.getRunId()))
            .progress();
    List<StagingRestoreProgress> regions = new ArrayList<>();
    for (String regionRun : p.regionsRunning()) {
      try {
        regions.add(client.newWorkflowStub(StagingRestoreWorkflow.class, regionRun).progress());
      } catch (RuntimeException notYet) {
        // started a moment ago, or its worker is busy: the next poll asks again
      }
    }
    List<String> detail = new ArrayList<>();
    for (StagingRestoreProgress r : regions) {
      detail.add(
          String.format(
              "%s: %d/%d guests done, %d passed, %d failed%s",
              r.region(), r.done(), r.total(), r.passed(), r.failed(),
              r.running().isEmpty() ? "" : "; restoring " + String.join(", ", r.running())));
    }
    return new RunProgress(progressLine(p, regions), detail, new Status(p, regions));
  }

  @Override
  int print(
      Output output, WorkflowClient client, WorkflowExecution run, RestoreTestSummary result, boolean json) {
    return Summaries.printRestoreTest(output, result, json);
  }

  /**
   * The run counts the guests of the regions that are done; each region still restoring counts its
   * own, so the sum is the guests done so far.
   */
  static String progressLine(RestoreTestProgress p, List<StagingRestoreProgress> regions) {
    int done = p.done();
    int passed = p.passed();
    int failed = p.failed();
    for (StagingRestoreProgress r : regions) {
      done += r.done();
      passed += r.passed();
      failed += r.failed();
    }
    StringBuilder line =
        new StringBuilder(Output.bar(Math.min(done, p.total()), p.total(), 30))
            .append(" guests  ")
            .append(passed)
            .append(" passed, ")
            .append(failed)
            .append(" failed  (")
            .append(p.phase());
    if (!regions.isEmpty()) {
      line.append(": ");
      for (int i = 0; i < regions.size(); i++) {
        StagingRestoreProgress r = regions.get(i);
        line.append(i == 0 ? "" : ", ").append(r.region()).append(' ').append(r.done()).append('/').append(r.total());
      }
    }
    return line.append(')').toString();
  }
}
