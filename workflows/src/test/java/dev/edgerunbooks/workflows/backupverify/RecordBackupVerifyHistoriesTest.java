package dev.edgerunbooks.workflows.backupverify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.RecordedHistories;
import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records the histories that {@code RecordedHistoriesReplayTest} replays. Not part of a normal build
 * (surefire excludes the tag); run on demand, then commit the JSON files:
 *
 * <pre>./mvnw -B -o -pl workflows test -Dgroups=record-histories -DexcludedGroups= -Dtest=RecordBackupVerifyHistoriesTest</pre>
 *
 * <p>Bump {@link #VERSION} when recording after a versioned change, so the old histories stay.
 */
@Tag("record-histories")
class RecordBackupVerifyHistoriesTest {
  static final String VERSION = "v1";
  private static final String PARENT_ID = "backup-verify/recorded-" + VERSION;
  private static final Duration SITE_RESPONSE = Duration.ofSeconds(2);

  @Test
  void recordFleetRunWithCorruptAndUnreachableStores() throws IOException {
    List<String> fleet = List.of("store-0001", "store-0002", "store-0003");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Instant lastNight = Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofHours(5));
      ScriptedSite healthy = new ScriptedSite("store-0001", lastNight);
      ScriptedSite corrupt = new ScriptedSite("store-0002", lastNight);
      corrupt.corrupt.add(101);
      // store-0003 has no site worker: its activities time out schedule-to-start

      Worker central = env.newWorker(TaskQueues.CENTRAL);
      central.registerWorkflowImplementationTypes(
          BackupVerifyWorkflowImpl.class, StoreBackupVerifyWorkflowImpl.class);
      central.registerActivitiesImplementations(ScriptedPlanner.of(fleet, SITE_RESPONSE), new RecordingReports());
      env.newWorker(TaskQueues.site("store-0001")).registerActivitiesImplementations(healthy);
      env.newWorker(TaskQueues.site("store-0002")).registerActivitiesImplementations(corrupt);
      env.start();

      WorkflowClient client = env.getWorkflowClient();
      BackupVerifyWorkflow workflow =
          client.newWorkflowStub(
              BackupVerifyWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(TaskQueues.CENTRAL)
                  .setWorkflowId(PARENT_ID)
                  .build());
      BackupVerifySummary summary = workflow.run(new BackupVerifyRequest(List.of(), 2, false, "recorder"));
      assertThat(summary.passed()).isEqualTo(1);
      assertThat(summary.failed()).isEqualTo(1);
      assertThat(summary.unreachable()).isEqualTo(1);

      RecordedHistories.write(
          client,
          "backup-verify/" + VERSION,
          Map.of(
              "fleet-run.json", PARENT_ID,
              "store-corrupt-backup.json", PARENT_ID + "/store-0002",
              "store-unreachable.json", PARENT_ID + "/store-0003"));
    }
  }

  /** A dry run, started as edgerun starts runs now: with the runs' search attributes and summary. */
  @Test
  void recordDryRun() throws IOException {
    List<String> fleet = List.of("store-0001", "store-0002");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      RunAttributes.ALL.forEach(key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
      Worker central = env.newWorker(TaskQueues.CENTRAL);
      central.registerWorkflowImplementationTypes(BackupVerifyWorkflowImpl.class, StoreBackupVerifyWorkflowImpl.class);
      central.registerActivitiesImplementations(ScriptedPlanner.of(fleet, SITE_RESPONSE), new RecordingReports());
      env.start();

      BackupVerifyRequest request = new BackupVerifyRequest(List.of(), 2, true, "recorder");
      String id = PARENT_ID + "/dry-run";
      BackupVerifySummary summary =
          env.getWorkflowClient()
              .newWorkflowStub(
                  BackupVerifyWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(TaskQueues.CENTRAL)
                      .setWorkflowId(id)
                      .setTypedSearchAttributes(RunAttributes.ofRun("backup-verify", request))
                      .setStaticSummary(RunAttributes.summaryOf("backup-verify", request))
                      .build())
              .run(request);
      assertThat(summary.dryRun()).isTrue();
      assertThat(summary.plan()).hasSize(2);

      RecordedHistories.write(env.getWorkflowClient(), "backup-verify/" + VERSION + "/dry-run", Map.of("fleet-dry-run.json", id));
    }
  }
}
