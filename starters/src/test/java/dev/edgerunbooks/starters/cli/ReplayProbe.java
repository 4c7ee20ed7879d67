package dev.edgerunbooks.starters.cli;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * A tiny workflow in several versions, for the proof that replay catches a non-deterministic change
 * and that {@code Workflow.getVersion} makes it safe. Version 1 checks, then applies. The others
 * change what comes after the check: an unversioned new step ({@link AnnounceFirst}), the same step
 * behind a version check ({@link AnnounceVersioned}), a timer instead ({@link WaitFirst}), and the
 * apply step removed ({@link ApplyRemoved}).
 */
final class ReplayProbe {
  static final String CHANGE_ID = "announce-before-apply";

  private ReplayProbe() {}

  @WorkflowInterface
  public interface ProbeWorkflow {
    @WorkflowMethod(name = "ReplayProbeWorkflow")
    String run(String change);
  }

  @ActivityInterface
  public interface Steps {
    String check(String change);

    String announce(String change);

    String apply(String change);
  }

  public static class StepsImpl implements Steps {
    @Override
    public String check(String change) {
      return change + " checked";
    }

    @Override
    public String announce(String change) {
      return change + " announced";
    }

    @Override
    public String apply(String change) {
      return change + " applied";
    }
  }

  private static Steps steps() {
    return Workflow.newActivityStub(
        Steps.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
  }

  /** Version 1, the one the history is recorded with: check, then apply. */
  public static class V1 implements ProbeWorkflow {
    @Override
    public String run(String change) {
      Steps steps = steps();
      steps.check(change);
      return steps.apply(change);
    }
  }

  /** Version 2 without a version check: an announce step between check and apply. */
  public static class AnnounceFirst implements ProbeWorkflow {
    @Override
    public String run(String change) {
      Steps steps = steps();
      steps.check(change);
      steps.announce(change);
      return steps.apply(change);
    }
  }

  /** Version 2 done right: the announce step only for runs that start on this code. */
  public static class AnnounceVersioned implements ProbeWorkflow {
    @Override
    public String run(String change) {
      Steps steps = steps();
      steps.check(change);
      if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == 1) {
        steps.announce(change);
      }
      return steps.apply(change);
    }
  }

  /** A timer where the history has the apply step. */
  public static class WaitFirst implements ProbeWorkflow {
    @Override
    public String run(String change) {
      Steps steps = steps();
      steps.check(change);
      Workflow.sleep(Duration.ofMinutes(5));
      return steps.apply(change);
    }
  }

  /** The apply step removed. */
  public static class ApplyRemoved implements ProbeWorkflow {
    @Override
    public String run(String change) {
      return steps().check(change);
    }
  }
}
