package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.certrotation.CertRotationProgress;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.CertRotationWorkflow;
import dev.edgerunbooks.workflows.patch.EvacuateNodeRequest;
import dev.edgerunbooks.workflows.patch.EvacuateNodeWorkflow;
import dev.edgerunbooks.workflows.patch.EvacuationResult;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Stand-ins of the rerun and list tests that need no other test class (and its server). */
final class ScriptedRuns {
  private ScriptedRuns() {}

  /**
   * The scripted fleet of {@link RotationFixtures}, without RotationRunsTest's stand-in (which
   * needs that class and its server): store-0002 fails, store-0003 is not checked.
   */
  public static class CertRotation implements CertRotationWorkflow {
    private String phase = RotationRuns.PLANNING;

    @Override
    public CertRotationSummary run(CertRotationRequest r) {
      Workflow.sleep(Duration.ofMillis(100));
      phase = "rotating";
      Workflow.sleep(Duration.ofMillis(r.dryRun() ? 100 : 3000));
      phase = "done";
      return RotationFixtures.certRun(Workflow.getInfo().getWorkflowId(), r.initiator(), r.stores(), r.force(), r.dryRun());
    }

    @Override
    public CertRotationProgress progress() {
      return new CertRotationProgress(phase, 0, 0, Map.of(), List.of());
    }
  }

  /** An evacuation that takes an hour: it is still running while the test looks at it. */
  public static class StuckEvacuation implements EvacuateNodeWorkflow {
    @Override
    public EvacuationResult evacuate(EvacuateNodeRequest request) {
      Workflow.sleep(Duration.ofHours(1));
      return new EvacuationResult(request.storeId(), request.node(), List.of(), "");
    }
  }
}
