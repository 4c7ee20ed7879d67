package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.StoreCalendar;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.SiteProblem;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

public class StorePatchWorkflowImpl implements StorePatchWorkflow {
  private String step = "waiting for its window";
  private String abortReason;
  private String title;
  /** While it waits: when its window opens, as the store's people read it. */
  private String windowOpens;

  /** Thrown between steps once an abort arrived, so the change is compensated like a failure. */
  private static final class Aborted extends RuntimeException {
    Aborted(String reason) {
      super(reason, null, false, false);
    }
  }

  @Override
  public StorePatchResult patch(StorePatchPlan plan) {
    PatchStore store = plan.store();
    String id = store.storeId();
    Instant started = now();
    title = "patch " + plan.bundle().version() + " on " + id;
    StorePatchActivities site =
        Workflow.newActivityStub(StorePatchActivities.class, ActivityPolicies.site(store.taskQueue(), store.siteResponseTimeout()));

    Optional<StoreCalendar.Opening> window = plan.calendar().next(started, ZoneId.of(store.timeZone()));
    if (window.isEmpty()) {
      return result(store, StorePatchOutcome.SKIPPED, null, false, "no maintenance window opens within " + StoreCalendar.HORIZON_DAYS + " days", started);
    }
    Duration wait = Duration.between(started, window.get().start());
    if (!wait.isZero()) {
      windowOpens = CurrentDetails.at(window.get().start(), ZoneId.of(store.timeZone()));
      showDetails();
      Workflow.await(wait, () -> abortReason != null);
      windowOpens = null;
    }
    if (abortReason != null) return result(store, StorePatchOutcome.ABORTED, null, false, "aborted before the change: " + abortReason, started);

    step("preflight");
    StorePreflight preflight;
    try {
      preflight = site.preflight(id, plan.bundle());
    } catch (ActivityFailure e) {
      return result(store, StorePatchOutcome.SKIPPED, null, false, SiteProblem.of(id, "preflight", e).detail(), started);
    }
    String previous = preflight.runningBundle();
    List<String> problems = new java.util.ArrayList<>(preflight.problems());
    if (store.recoverabilityProblem() != null) problems.add(store.recoverabilityProblem());
    if (previous != null && BundleVersion.compare(previous, plan.bundle().version()) > 0) {
      problems.add("runs the newer bundle " + previous);
    }
    if (!problems.isEmpty()) return result(store, StorePatchOutcome.SKIPPED, previous, false, String.join("; ", problems), started);
    if (plan.bundle().version().equals(previous) && preflight.nodesToUpgrade().isEmpty()) {
      return result(store, StorePatchOutcome.ALREADY_CURRENT, previous, false, "already runs " + previous, started);
    }

    String snapshot = plan.bundle().snapshotName();
    boolean hostUpgraded = false;
    try {
      step("snapshot guests (" + snapshot + ")");
      site.snapshotGuests(id, snapshot);
      for (String node : preflight.nodesToUpgrade()) {
        checkAbort();
        step("upgrade " + node + ": set noout");
        site.setNoout(id, true);
        step("upgrade " + node + ": evacuate");
        List<GuestPlacement> moved = site.evacuateNode(id, node);
        step("upgrade " + node + ": install host packages");
        hostUpgraded = true;
        site.upgradeNode(id, node, plan.bundle().hostPackages());
        step("upgrade " + node + ": reboot");
        site.rebootNode(id, node);
        step("upgrade " + node + ": unset noout");
        site.setNoout(id, false);
        step("upgrade " + node + ": wait for HEALTH_OK");
        site.waitCephHealthy(id);
        step("upgrade " + node + ": move guests back");
        site.returnGuests(id, moved);
      }
      for (PatchGuest guest : preflight.guests()) {
        checkAbort();
        step("point guest " + guest.vmid() + " at " + plan.bundle().version());
        site.applyGuestBundle(id, guest.vmid(), plan.bundle().version());
      }
      step("probe");
      StoreProbeResult probe = site.probeStore(id);
      if (!probe.healthy()) throw new ProbeFailed(String.join("; ", probe.failures()));
      step("done");
      return result(store, StorePatchOutcome.PATCHED, previous, hostUpgraded, "patched to " + plan.bundle().version(), started);
    } catch (ActivityFailure | ProbeFailed | Aborted e) {
      String cause =
          e instanceof ActivityFailure af
              ? SiteProblem.of(id, step, af).detail()
              : e instanceof Aborted ? "aborted: " + e.getMessage() : step + ": " + e.getMessage();
      return compensate(site, store, plan, previous, hostUpgraded, cause, e instanceof Aborted, started);
    }
  }

  /** Puts the guests back on their snapshots and previous bundle; a host upgrade stays and needs a human. */
  private StorePatchResult compensate(
      StorePatchActivities site, PatchStore store, StorePatchPlan plan, String previous, boolean hostUpgraded, String cause,
      boolean aborted, Instant started) {
    if (previous == null) {
      step("needs attention");
      return result(
          store, StorePatchOutcome.NEEDS_ATTENTION, null, hostUpgraded,
          cause + "; rollback failed: the store ran no single bundle before the change, so there is nothing known-good to go back to", started);
    }
    step("roll back");
    try {
      site.rollbackGuests(store.storeId(), plan.bundle().snapshotName(), previous);
    } catch (ActivityFailure e) {
      step("needs attention");
      return result(
          store, StorePatchOutcome.NEEDS_ATTENTION, previous, hostUpgraded,
          cause + "; rollback failed: " + SiteProblem.of(store.storeId(), "roll back", e).detail(), started);
    }
    step("rolled back");
    if (hostUpgraded) {
      return result(
          store, StorePatchOutcome.NEEDS_ATTENTION, previous, true,
          cause + "; guests rolled back to " + previous + ", but host packages cannot be rolled back", started);
    }
    return result(
        store, aborted ? StorePatchOutcome.ABORTED : StorePatchOutcome.ROLLED_BACK, previous, false,
        cause + "; rolled back to " + previous, started);
  }

  private void checkAbort() {
    if (abortReason != null) throw new Aborted(abortReason);
  }

  private StorePatchResult result(PatchStore store, StorePatchOutcome outcome, String previous, boolean host, String detail, Instant started) {
    return new StorePatchResult(store.storeId(), outcome, previous, host, detail, started, now());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public void abort(String reason) {
    if (abortReason == null) abortReason = reason == null || reason.isBlank() ? "aborted" : reason;
    if (title != null) showDetails();
  }

  private void step(String step) {
    this.step = step;
    showDetails();
  }

  /** "**patch 2026.11.2 on store-0007**", the step (and an abort), and while it waits, when its window opens. */
  private void showDetails() {
    CurrentDetails.phase(title).line("step: " + step()).line(windowOpens == null ? null : "window opens " + windowOpens).show();
  }

  @Override
  public String step() {
    return abortReason == null ? step : step + " (aborting: " + abortReason + ")";
  }

  private static final class ProbeFailed extends RuntimeException {
    ProbeFailed(String message) {
      super(message, null, false, false);
    }
  }
}
