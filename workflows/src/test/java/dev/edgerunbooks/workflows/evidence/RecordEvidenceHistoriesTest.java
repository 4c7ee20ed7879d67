package dev.edgerunbooks.workflows.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.RecordedHistories;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records the evidence histories that {@code RecordedHistoriesReplayTest} replays:
 *
 * <pre>./mvnw -B -o -pl workflows test -Dgroups=record-histories -DexcludedGroups= -Dtest=RecordEvidenceHistoriesTest</pre>
 */
@Tag("record-histories")
class RecordEvidenceHistoriesTest {
  static final String VERSION = "v1";

  @Test
  void recordANightWithOneStoreNotCollected() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      List<String> fleet = EvidenceWorkflowTest.stores(3);
      EvidenceWorkflowTest.register(
          env, new EvidenceFakes.Planner(fleet), new EvidenceFakes.Reports(), fleet, Set.of("store-0002"));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String id = "evidence/recorded-" + VERSION;
      EvidenceSummary summary =
          client.newWorkflowStub(EvidenceWorkflow.class,
                  WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(id).build())
              .run(new EvidenceRequest("2026-11-24", List.of(), 2, false, "recorder"));
      assertThat(summary.collected()).isEqualTo(2);
      RecordedHistories.write(
          client, "evidence/" + VERSION,
          Map.of("run.json", id, "store-collected.json", id + "/store-0001", "store-unreachable.json", id + "/store-0002"));
    }
  }
}
