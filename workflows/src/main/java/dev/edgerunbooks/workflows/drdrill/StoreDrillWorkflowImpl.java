package dev.edgerunbooks.workflows.drdrill;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.SiteProblem;
import dev.edgerunbooks.workflows.restoretest.GuestBringUp;
import dev.edgerunbooks.workflows.staging.BackupChoice;
import dev.edgerunbooks.workflows.staging.RestoreOrder;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

public class StoreDrillWorkflowImpl implements StoreDrillWorkflow {
  /** How long Ceph may take to settle to HEALTH_OK once the pool exists. */
  static final Duration CEPH_SETTLE_TIMEOUT = Duration.ofMinutes(30);

  private static final Duration MARGIN = Duration.ofMinutes(2);

  private StoreDrillPlan plan;
  private DrillPhase current;
  private String step = "waiting to start";
  private final List<PhaseTiming> phases = new ArrayList<>();
  private final List<DrillGuestResult> guests = new ArrayList<>();
  private final List<DrillGuest> restored = new ArrayList<>();
  private String failure;
  private CancellationScope work;
  private String abortReason;

  /** A step failed: the message names it; the phase catches it and the drill moves to teardown. */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public StoreDrillReport drill(StoreDrillPlan plan, String requestedBy) {
    this.plan = plan;
    String stagingId = plan.cluster().siteId();
    ActivityOptions base = ActivityPolicies.site(plan.cluster().taskQueue(), plan.siteResponseTimeout());
    DrillActivities drill = Workflow.newActivityStub(DrillActivities.class, base);
    GuestBringUp bringUp =
        new GuestBringUp(plan.cluster(), plan.siteResponseTimeout(), plan.restoreTimeout(), plan.bootTimeout());
    Instant startedAt = now();
    work = Workflow.newCancellationScope(() -> rebuild(base, drill, bringUp, stagingId, startedAt));
    boolean cancelled = false;
    try {
      work.run();
    } catch (CanceledFailure e) {
      cancelled = true;
      failure = failure != null ? failure : (abortReason != null ? abortReason : "cancelled") + " during: " + step;
    }
    boolean tornDown = tearDown(drill, bringUp.steps(), stagingId);
    return report(requestedBy, startedAt, cancelled, tornDown);
  }

  /** The phases in order; the first that fails ends the rebuild (teardown follows in any case). */
  private void rebuild(
      ActivityOptions base, DrillActivities drill, GuestBringUp bringUp, String stagingId, Instant startedAt) {
    DrillActivities provisioning =
        Workflow.newActivityStub(
            DrillActivities.class,
            ActivityOptions.newBuilder(base).setStartToCloseTimeout(plan.provisionTimeout().plus(MARGIN)).build());
    DrillActivities settling =
        Workflow.newActivityStub(
            DrillActivities.class,
            ActivityOptions.newBuilder(base).setStartToCloseTimeout(CEPH_SETTLE_TIMEOUT.plus(MARGIN)).build());
    StagingActivities staging = bringUp.steps();
    List<String> nodes = plan.nodes();
    String first = nodes.get(0);
    boolean ok =
        phase(
                DrillPhase.PROVISION,
                () -> {
                  step("reinstall " + String.join(", ", nodes));
                  List<Promise<Void>> all = new ArrayList<>();
                  for (String node : nodes) {
                    all.add(Async.procedure(provisioning::provisionNode, stagingId, node, plan.provisionTimeout()));
                  }
                  Promise.allOf(all).get();
                })
            && phase(
                DrillPhase.CLUSTER,
                () -> {
                  step("create cluster " + plan.clusterName() + " on " + first);
                  drill.createCluster(stagingId, first, plan.clusterName());
                  for (String node : nodes.subList(1, nodes.size())) {
                    step("join " + node + " to the cluster");
                    drill.joinCluster(stagingId, node, first);
                  }
                  for (String node : nodes) {
                    step("add isolated bridge " + plan.isolatedBridge() + " on " + node);
                    drill.createIsolatedBridge(stagingId, node, plan.isolatedBridge());
                  }
                })
            && phase(
                DrillPhase.CEPH,
                () -> {
                  step("initialise Ceph on " + first);
                  drill.initCeph(stagingId, first, plan.ceph().network());
                  for (String node : nodes) {
                    step("create Ceph monitor and manager on " + node);
                    drill.createMonitorAndManager(stagingId, node);
                  }
                  for (String node : nodes) {
                    step("create OSDs on " + node);
                    drill.createOsds(stagingId, node, plan.ceph().osdDevices());
                  }
                  step("create pool " + plan.ceph().pool());
                  drill.createPool(stagingId, first, plan.ceph());
                  step("wait for Ceph HEALTH_OK");
                  settling.awaitCephHealthy(stagingId, CEPH_SETTLE_TIMEOUT);
                })
            && phase(
                DrillPhase.STORAGE,
                () -> {
                  step("add backup storage " + plan.source().storageId());
                  staging.ensureBackupStorage(stagingId, plan.source());
                  step("check the staging cluster is ready");
                  staging.checkReady(stagingId, plan.ceph().pool(), plan.isolatedBridge());
                })
            && phase(DrillPhase.RESTORE, () -> restoreInOrder(staging, bringUp, stagingId, startedAt));
    if (!ok && failure == null) {
      failure = "the drill stopped early";
    }
  }

  private void restoreInOrder(
      StagingActivities staging, GuestBringUp bringUp, String stagingId, Instant drillStart) {
    List<DrillGuest> order = plan.bootOrder();
    for (int i = 0; i < order.size(); i++) {
      DrillGuest g = order.get(i);
      String label = g.name() + " (" + g.role() + ", VMID " + g.vmid() + ")";
      step("find the newest verified backup of " + label);
      BackupChoice backup = staging.newestBackup(stagingId, plan.source(), g.vmid(), g.type());
      if (!backup.usable()) {
        String why = "no verified backup of " + label + " (newest is " + backup.state() + ")";
        guests.add(guestResult(i, g, false, why, null, drillStart, null, now()));
        skipRest(order, i, label);
        throw new StepFailed(why);
      }
      step("restore and start " + label);
      restored.add(g);
      GuestBringUp.Outcome outcome =
          bringUp.run(
              new RestoreOrder(g.vmid(), g.type(), backup.volid(), plan.ceph().pool()),
              plan.isolatedBridge(),
              plan.bootTimeout(),
              g.probe());
      guests.add(
          guestResult(
              i, g, outcome.passed(), outcome.passed() ? null : outcome.failure() + ": " + outcome.detail(),
              backup.backupTime(), drillStart, outcome, now()));
      if (!outcome.passed()) {
        skipRest(order, i, label);
        throw new StepFailed(label + " did not come up: " + outcome.failure() + ": " + outcome.detail());
      }
    }
  }

  /** The guests after a failed one depend on it: they are not restored, and say why. */
  private void skipRest(List<DrillGuest> order, int failedAt, String failedLabel) {
    for (int k = failedAt + 1; k < order.size(); k++) {
      guests.add(guestResult(k, order.get(k), false, "not restored: depends on " + failedLabel, null, null, null, null));
    }
  }

  private DrillGuestResult guestResult(
      int index, DrillGuest g, boolean passed, String why, Instant backupTime, Instant drillStart,
      GuestBringUp.Outcome outcome, Instant readyAt) {
    Duration rpo = backupTime == null ? null : Duration.between(backupTime, drillStart);
    return new DrillGuestResult(
        index + 1, g.vmid(), g.name(), g.role(), g.type(), passed, why, backupTime, rpo,
        outcome == null ? null : outcome.restoreTime(),
        outcome == null ? null : outcome.bootTime(),
        outcome == null ? null : outcome.probeTime(),
        passed && drillStart != null ? Duration.between(drillStart, readyAt) : null);
  }

  /** Runs one phase, timing it; false when it failed (the failure is recorded). */
  private boolean phase(DrillPhase phase, Runnable work) {
    current = phase;
    Instant start = now();
    String why = null;
    try {
      work.run();
    } catch (ActivityFailure e) {
      why = SiteProblem.of(plan.cluster().siteId(), step, e).detail();
    } catch (StepFailed e) {
      why = e.getMessage();
    } catch (CanceledFailure e) {
      finishPhase(phase, start, "cancelled during: " + step);
      throw e;
    }
    finishPhase(phase, start, why);
    if (why != null && failure == null) {
      failure = phase + ": " + why;
    }
    return why == null;
  }

  private void finishPhase(DrillPhase phase, Instant start, String why) {
    Instant end = now();
    Duration took = Duration.between(start, end);
    Duration target = plan.targets().phases().get(phase);
    phases.add(new PhaseTiming(phase, start, end, took, target, target == null || took.compareTo(target) <= 0, why));
    current = null;
  }

  /** Destroys the restored guests (last first) and removes the backup storage, even on cancel. */
  private boolean tearDown(DrillActivities drill, StagingActivities staging, String stagingId) {
    boolean[] clean = {true};
    Workflow.newDetachedCancellationScope(
            () -> {
              Instant start = now();
              current = DrillPhase.TEARDOWN;
              List<String> problems = new ArrayList<>();
              List<DrillGuest> reverse = new ArrayList<>(restored);
              java.util.Collections.reverse(reverse);
              for (DrillGuest g : reverse) {
                step("destroy " + g.name() + " (VMID " + g.vmid() + ")");
                try {
                  staging.destroy(stagingId, g.vmid(), g.type());
                } catch (ActivityFailure e) {
                  problems.add(SiteProblem.of(stagingId, step, e).detail());
                }
              }
              step("remove backup storage " + plan.source().storageId());
              try {
                drill.removeStorage(stagingId, plan.source().storageId());
              } catch (ActivityFailure e) {
                problems.add(SiteProblem.of(stagingId, step, e).detail());
              }
              clean[0] = problems.isEmpty();
              finishPhase(DrillPhase.TEARDOWN, start, clean[0] ? null : String.join("; ", problems));
              step("done");
            })
        .run();
    return clean[0];
  }

  private StoreDrillReport report(String requestedBy, Instant startedAt, boolean cancelled, boolean tornDown) {
    boolean allUp =
        failure == null && guests.size() == plan.bootOrder().size() && guests.stream().allMatch(DrillGuestResult::passed);
    PhaseTiming restore = phases.stream().filter(p -> p.phase() == DrillPhase.RESTORE).findFirst().orElse(null);
    Duration rto = allUp && restore != null ? Duration.between(startedAt, restore.end()) : null;
    Duration worstRpo =
        guests.stream().map(DrillGuestResult::rpo).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    DrillTargets targets = plan.targets();
    boolean rtoMet = rto != null && (targets.rto() == null || rto.compareTo(targets.rto()) <= 0);
    boolean rpoMet = worstRpo != null && (targets.rpo() == null || worstRpo.compareTo(targets.rpo()) <= 0);
    boolean phasesMet = phases.stream().allMatch(PhaseTiming::met);
    DrillVerdict verdict;
    if (cancelled) {
      verdict = DrillVerdict.CANCELLED;
    } else if (!allUp) {
      verdict = DrillVerdict.FAILED;
    } else if (!rtoMet || !rpoMet || !phasesMet) {
      verdict = DrillVerdict.TARGETS_MISSED;
    } else {
      verdict = DrillVerdict.PASSED;
    }
    return new StoreDrillReport(
        Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(),
        plan.storeId(),
        plan.cluster().region(),
        requestedBy,
        startedAt,
        now(),
        verdict,
        failure,
        phases,
        rto,
        targets.rto(),
        rtoMet,
        worstRpo,
        targets.rpo(),
        rpoMet,
        guests,
        tornDown);
  }

  @Override
  public void abort(String reason) {
    abortReason = reason;
    if (plan != null) showDetails();
    if (work != null) {
      work.cancel(reason);
    }
  }

  private void step(String step) {
    this.step = step;
    showDetails();
  }

  /** "**DR drill of store-0005 on staging-eu: restore** · 3/7 guests done", the step, a failure, an abort. */
  private void showDetails() {
    DrillProgress p = progress();
    String phase = current == null ? "" : ": " + current.name().toLowerCase();
    CurrentDetails details = CurrentDetails.phase("DR drill of " + plan.storeId() + " on " + plan.cluster().siteId() + phase);
    if (current == DrillPhase.RESTORE) details.done(p.guestsReady(), p.guestsTotal(), "guests");
    details.line("step: " + step)
        .line(failure == null ? null : "failed: " + failure)
        .line(abortReason == null ? null : "aborting: " + abortReason)
        .show();
  }

  @Override
  public DrillProgress progress() {
    int ready = (int) guests.stream().filter(DrillGuestResult::passed).count();
    return new DrillProgress(
        plan == null ? null : plan.storeId(), current, ready, plan == null ? 0 : plan.bootOrder().size(), step);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
