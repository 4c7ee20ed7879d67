package dev.edgerunbooks.workflows.drdrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.workflows.common.RecordedHistories;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.staging.FakeStaging;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records the DR drill histories that {@code RecordedHistoriesReplayTest} replays:
 *
 * <pre>./mvnw -B -o -pl workflows test -Dgroups=record-histories -DexcludedGroups= -Dtest=RecordDrDrillHistoriesTest</pre>
 */
@Tag("record-histories")
class RecordDrDrillHistoriesTest {
  static final String VERSION = "v1";

  @Test
  void recordAPassingDrillAndACancelledOne() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeStaging staging = new FakeStaging(Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofHours(5)));
      StoreDrillPlan plan = DrDrillWorkflowTest.plan("store-0001", DrDrillWorkflowTest.generous());
      Worker central = env.newWorker(TaskQueues.CENTRAL);
      central.registerWorkflowImplementationTypes(DrDrillWorkflowImpl.class, StoreDrillWorkflowImpl.class);
      central.registerActivitiesImplementations(
          (DrDrillPlanActivities) request -> new DrDrillPlan(List.of(plan)),
          (DrDrillReportActivities) report -> new DrillReportKeys("r.json", "r.md", "r.json.sig"));
      env.newWorker(new StagingCluster("eu-central").taskQueue()).registerActivitiesImplementations(staging);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      DrDrillRequest request = new DrDrillRequest(List.of("store-0001"), false, "recorder");

      String passed = "dr-drill/recorded-" + VERSION;
      assertThat(stub(client, passed).run(request).stores().get(0).verdict()).isEqualTo(DrillVerdict.PASSED);
      RecordedHistories.write(
          client, "dr-drill/" + VERSION, Map.of("run.json", passed, "store-drill.json", "staging/eu-central"));

      staging.holdRestores = new CountDownLatch(1);
      String cancelled = "dr-drill/recorded-cancel-" + VERSION;
      DrDrillWorkflow workflow = stub(client, cancelled);
      WorkflowClient.start(workflow::run, request);
      while (staging.restoresStarted.getCount() > 1) {
        Thread.sleep(20);
      }
      WorkflowStub.fromTyped(workflow).cancel();
      staging.holdRestores.countDown();
      assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(DrDrillSummary.class));
      RecordedHistories.write(
          client,
          "dr-drill/" + VERSION + "-cancelled",
          Map.of("run.json", cancelled, "store-drill.json", "staging/eu-central"));
    }
  }

  private static DrDrillWorkflow stub(WorkflowClient client, String id) {
    return client.newWorkflowStub(
        DrDrillWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(id).build());
  }
}
