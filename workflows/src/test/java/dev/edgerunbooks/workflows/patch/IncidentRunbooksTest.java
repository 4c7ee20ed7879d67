package dev.edgerunbooks.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentRunbooksTest {
  private TestWorkflowEnvironment env;
  private final PatchFakes.Fleet fleet = new PatchFakes.Fleet(List.of("store-001"));

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.CENTRAL).registerWorkflowImplementationTypes(EvacuateNodeWorkflowImpl.class, RollbackStoreWorkflowImpl.class);
    env.newWorker(TaskQueues.site("store-001")).registerActivitiesImplementations(new PatchFakes.Site(fleet));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private <T> T stub(Class<T> type, String id) {
    return env.getWorkflowClient().newWorkflowStub(type, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(id).build());
  }

  @Test
  void evacuateNodeSetsNooutAndMovesTheGuestsOff() {
    EvacuationResult r = stub(EvacuateNodeWorkflow.class, "evacuate-node/store-001/pve1").evacuate(new EvacuateNodeRequest("store-001", "pve1", "carol", null));

    assertThat(r.moved()).containsExactly(new GuestPlacement(100, "qemu", "pve1", "pve2"));
    assertThat(r.note()).contains("noout stays set");
    assertThat(fleet.get("store-001").ops("noout-set")).isEqualTo(1);
    assertThat(fleet.get("store-001").ops("noout-unset")).isZero();
  }

  @Test
  void rollbackStorePutsTheGuestsBackOnTheLastGoodBundle() {
    fleet.get("store-001").running = PatchFakes.NEW;

    StorePatchResult r =
        stub(RollbackStoreWorkflow.class, "rollback-store/store-001")
            .rollback(new RollbackStoreRequest("store-001", PatchFakes.NEW, PatchFakes.OLD, "carol", null));

    assertThat(r.outcome()).isEqualTo(StorePatchOutcome.ROLLED_BACK);
    assertThat(r.detail()).isEqualTo("back on " + PatchFakes.OLD);
    assertThat(fleet.get("store-001").running).isEqualTo(PatchFakes.OLD);
  }
}
