package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.common.SiteProblem;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.ProbeResult;
import dev.edgerunbooks.workflows.staging.RestoreOrder;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Brings one backup up on a staging cluster, the same way for the restore test and the DR drill:
 * restore (stopped), move its network onto the isolated bridge before it ever starts, start, wait
 * for it to boot, run its probe. Each step is timed in workflow time. Workflow code: call it from
 * a workflow only.
 */
public final class GuestBringUp {

  /**
   * @param node where the guest was restored (null when the restore did not get that far)
   * @param failure null when every step passed
   */
  public record Outcome(
      String node,
      Duration restoreTime,
      Duration bootTime,
      Duration probeTime,
      RestoreFailureKind failure,
      String detail) {
    public boolean passed() {
      return failure == null;
    }

    /** Restore + boot + probe: how long until the guest served again (null unless it passed). */
    public Duration rto() {
      return passed() ? restoreTime.plus(bootTime).plus(probeTime) : null;
    }
  }

  private static final Duration BOOT_MARGIN = Duration.ofMinutes(2);

  private final StagingCluster cluster;
  private final StagingActivities steps;
  private final StagingActivities restoreStep;
  private final StagingActivities bootStep;

  public GuestBringUp(
      StagingCluster cluster, Duration siteResponse, Duration restoreTimeout, Duration bootTimeout) {
    this.cluster = cluster;
    ActivityOptions base = ActivityPolicies.site(cluster.taskQueue(), siteResponse);
    this.steps = Workflow.newActivityStub(StagingActivities.class, base);
    this.restoreStep =
        Workflow.newActivityStub(
            StagingActivities.class,
            ActivityOptions.newBuilder(base).setStartToCloseTimeout(restoreTimeout).build());
    this.bootStep =
        Workflow.newActivityStub(
            StagingActivities.class,
            ActivityOptions.newBuilder(base)
                .setStartToCloseTimeout(bootTimeout.plus(BOOT_MARGIN))
                .build());
  }

  /** The plain steps (storage, backups, destroy) on the same cluster and policies. */
  public StagingActivities steps() {
    return steps;
  }

  public Outcome run(RestoreOrder order, String isolatedBridge, Duration bootTimeout, GuestProbe probe) {
    String stagingId = cluster.siteId();
    String guest = order.type() + " " + order.targetVmid();
    long t0 = Workflow.currentTimeMillis();
    String node;
    try {
      node = restoreStep.restore(stagingId, order);
    } catch (ActivityFailure e) {
      return failed(null, t0, 0, 0, "restore " + order.volid() + " into " + guest, e, RestoreFailureKind.RESTORE_FAILED);
    }
    long t1 = Workflow.currentTimeMillis();
    try {
      steps.isolate(stagingId, order.targetVmid(), order.type(), isolatedBridge);
      steps.start(stagingId, order.targetVmid(), order.type());
      bootStep.awaitBoot(stagingId, order.targetVmid(), order.type(), bootTimeout);
    } catch (ActivityFailure e) {
      return failed(node, t0, t1, 0, "bring " + guest + " up on " + node, e, RestoreFailureKind.NO_BOOT);
    }
    long t2 = Workflow.currentTimeMillis();
    ProbeResult result;
    try {
      result = steps.probe(stagingId, order.targetVmid(), order.type(), probe);
    } catch (ActivityFailure e) {
      return failed(node, t0, t1, t2, "probe " + guest, e, RestoreFailureKind.PROBE_FAILED);
    }
    long t3 = Workflow.currentTimeMillis();
    return new Outcome(
        node,
        millis(t1 - t0),
        millis(t2 - t1),
        millis(t3 - t2),
        result.passed() ? null : RestoreFailureKind.PROBE_FAILED,
        result.passed() ? result.detail() : "probe failed: " + result.detail());
  }

  /**
   * A failed step: the staging cluster being away is STAGING_UNAVAILABLE, a refused or failed
   * Proxmox task is the step's own kind (a failed restore task is RESTORE_FAILED, a start that
   * fails or a guest that never answers is NO_BOOT), anything else an API error.
   */
  private Outcome failed(
      String node, long t0, long t1, long t2, String step, ActivityFailure e, RestoreFailureKind stepKind) {
    SiteProblem problem = SiteProblem.of(cluster.siteId(), step, e);
    RestoreFailureKind kind;
    if (problem.unreachable()) {
      kind = RestoreFailureKind.STAGING_UNAVAILABLE;
    } else if (problem.is(FailureTypes.TASK_FAILED) || problem.is(FailureTypes.GUEST_DID_NOT_BOOT)) {
      kind = stepKind;
    } else if (problem.is(FailureTypes.STAGING_NOT_READY)) {
      kind = RestoreFailureKind.STAGING_UNAVAILABLE;
    } else {
      kind = RestoreFailureKind.API_ERROR;
    }
    long now = Workflow.currentTimeMillis();
    Duration restore = t1 == 0 ? millis(now - t0) : millis(t1 - t0);
    Duration boot = t1 == 0 ? null : millis((t2 == 0 ? now : t2) - t1);
    Duration probe = t2 == 0 ? null : millis(now - t2);
    return new Outcome(node, restore, boot, probe, kind, problem.detail());
  }

  private static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }
}
