package dev.edgerunbooks.workflows.backupverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.RecordedHistories;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay check catches real divergences: histories recorded from {@link BackupVerifyWorkflowImpl}
 * fail to replay against edits that change its commands. (Every recorded history is replayed
 * against the current code by {@code RecordedHistoriesReplayTest}.)
 */
class BackupVerifyReplayTest {

  private static final String PARENT_V1 = "histories/backup-verify/v1/fleet-run.json";

  @Test
  void theRecordedHistoriesArePresent() throws Exception {
    assertThat(RecordedHistories.recordedHistories())
        .contains(
            PARENT_V1,
            "histories/backup-verify/v1/store-corrupt-backup.json",
            "histories/backup-verify/v1/store-unreachable.json");
  }

  @Test
  void replayFailsWhenTheWorkflowCallsThePlannerTwice() throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load(PARENT_V1);

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, PlansTwice.class))
        .satisfies(RecordedHistories::isNonDeterminism)
        .satisfies(e -> assertThat(RecordedHistories.divergence(e)).contains("COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK"));
  }

  @Test
  void replayFailsWhenTheWorkflowSkipsThePlanner() throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load(PARENT_V1);

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, SkipsPlanner.class))
        .satisfies(RecordedHistories::isNonDeterminism);
  }

  /** A "refactoring" that asks the planner twice: the second call is a command the history lacks. */
  public static class PlansTwice extends BackupVerifyWorkflowImpl {
    private final BackupVerifyPlanActivities planner =
        Workflow.newActivityStub(BackupVerifyPlanActivities.class, ActivityPolicies.central());

    @Override
    public BackupVerifySummary run(BackupVerifyRequest request) {
      planner.plan(request);
      return super.run(request);
    }
  }

  /** A workflow that reports without planning: its first command is not the recorded one. */
  public static class SkipsPlanner implements BackupVerifyWorkflow {
    private final BackupVerifyReportActivities reports =
        Workflow.newActivityStub(BackupVerifyReportActivities.class, ActivityPolicies.central());

    @Override
    public BackupVerifySummary run(BackupVerifyRequest request) {
      String prefix = "reports/backup-verify/skipped";
      String key = reports.writeReport(prefix, null);
      return new BackupVerifySummary(Workflow.getInfo().getWorkflowId(), false, List.of(), 0, 0, 0, 0, List.of(), 0, key);
    }

    @Override
    public BackupVerifyProgress progress() {
      return new BackupVerifyProgress("done", 0, 0, 0, 0, 0, List.of());
    }
  }

}
