package dev.edgerunbooks.workflows.restoretest;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records the restore test histories that {@code RecordedHistoriesReplayTest} replays. Run on
 * demand, then commit the JSON files:
 *
 * <pre>./mvnw -B -o -pl workflows test -Dgroups=record-histories -DexcludedGroups= -Dtest=RecordRestoreTestHistoriesTest</pre>
 */
@Tag("record-histories")
class RecordRestoreTestHistoriesTest {
  static final String VERSION = "v1";

  @Test
  void recordARunWithFailuresAndACancelledRun() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeStaging staging = new FakeStaging(Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofHours(5)));
      staging.failRestore.add("store-a/101");
      staging.noBoot.add("store-a/102");
      staging.missing.add("store-b/102");
      Worker central = env.newWorker(TaskQueues.CENTRAL);
      central.registerWorkflowImplementationTypes(
          RestoreTestWorkflowImpl.class, StagingRestoreWorkflowImpl.class, RestoreGuestWorkflowImpl.class);
      central.registerActivitiesImplementations(
          new RestoreTestFixtures.FixedPlanner(RestoreTestFixtures.plan(2, "store-a", "store-b")),
          new RestoreTestFixtures.RecordingReports());
      env.newWorker(new StagingCluster("eu-central").taskQueue()).registerActivitiesImplementations(staging);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      Map<String, String> files = new LinkedHashMap<>();

      String run = "restore-test/recorded-" + VERSION;
      RestoreTestSummary summary = stub(client, run).run(request());
      assertThat(summary.failed()).isEqualTo(3);
      files.put("run.json", run);
      files.put("staging-region.json", "staging/eu-central");
      files.put("guest-passed.json", run + "/store-b/101");
      files.put("guest-restore-failed.json", run + "/store-a/101");
      files.put("guest-no-boot.json", run + "/store-a/102");
      RecordedHistories.write(client, "restore-test/" + VERSION, files);

      staging.holdRestores = new CountDownLatch(1);
      String cancelled = "restore-test/recorded-cancel-" + VERSION;
      RestoreTestWorkflow workflow = stub(client, cancelled);
      WorkflowClient.start(workflow::run, request());
      assertThat(staging.restoresStarted.await(20, TimeUnit.SECONDS)).isTrue();
      WorkflowStub.fromTyped(workflow).cancel();
      staging.holdRestores.countDown();
      assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(RestoreTestSummary.class));
      RecordedHistories.write(
          client,
          "restore-test/" + VERSION + "-cancelled",
          Map.of("run.json", cancelled, "staging-region.json", "staging/eu-central"));
    }
  }

  private static RestoreTestRequest request() {
    return new RestoreTestRequest(List.of(), "2026-W48", false, "recorder");
  }

  private static RestoreTestWorkflow stub(WorkflowClient client, String id) {
    return client.newWorkflowStub(
        RestoreTestWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(id).build());
  }
}
