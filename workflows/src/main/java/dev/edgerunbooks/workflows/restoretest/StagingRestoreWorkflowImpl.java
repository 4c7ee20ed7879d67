package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.SiteProblem;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import dev.edgerunbooks.workflows.staging.StagingGuest;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class StagingRestoreWorkflowImpl implements StagingRestoreWorkflow {

  static final Duration GUEST_CLEANUP_WAIT = Duration.ofMinutes(10);

  private StagingRestorePlan plan;
  private final Map<String, GuestRestoreResult> results = new LinkedHashMap<>();
  private final Set<String> running = new LinkedHashSet<>();
  private CancellationScope work;
  private String abortReason;
  private String phase = "preparing";
  private boolean waitingForSlot;

  @Override
  public StagingRestoreResult run(StagingRestorePlan plan) {
    this.plan = plan;
    String stagingId = plan.cluster().siteId();
    StagingActivities staging =
        Workflow.newActivityStub(
            StagingActivities.class,
            ActivityPolicies.site(plan.cluster().taskQueue(), plan.timeouts().siteResponse()));
    String runId = Workflow.getInfo().getParentWorkflowId().orElse(Workflow.getInfo().getWorkflowId());
    showDetails();

    List<StagingGuest> leftovers;
    try {
      staging.checkReady(stagingId, plan.storage(), plan.isolatedBridge());
      leftovers = removeGuestsInRange(staging, stagingId);
    } catch (ActivityFailure e) {
      String why = SiteProblem.of(stagingId, "prepare staging cluster " + stagingId, e).detail();
      plan.guests().forEach(g -> results.put(g.key(), GuestRestoreResult.notTested(g, RestoreFailureKind.STAGING_UNAVAILABLE, why)));
      phase("staging cluster unavailable");
      return new StagingRestoreResult(plan.cluster().region(), List.copyOf(results.values()), List.of());
    }

    // slot i restores into firstVmid + i; a guest waits (durably) until a slot is free
    Deque<Integer> freeSlots = new ArrayDeque<>();
    for (int i = 0; i < plan.capacity(); i++) {
      freeSlots.add(plan.firstVmid() + i);
    }
    List<Promise<GuestRestoreResult>> inFlight = new ArrayList<>();
    phase("restoring");
    work =
        Workflow.newCancellationScope(
            () -> {
              for (GuestRestoreTask task : plan.guests()) {
                waitingForSlot = freeSlots.isEmpty();
                showDetails();
                Workflow.await(() -> !freeSlots.isEmpty());
                waitingForSlot = false;
                int vmid = freeSlots.poll();
                running.add(task.key());
                showDetails();
                inFlight.add(
                    Async.function(guestWorkflow(runId, task, stagingId)::restore, order(task, vmid))
                        .handle(
                            (result, error) -> {
                              freeSlots.add(vmid);
                              running.remove(task.key());
                              results.put(task.key(), result != null ? result : crashed(task, vmid, error));
                              showDetails();
                              return null;
                            }));
              }
              Promise.allOf(inFlight).get();
            });
    try {
      work.run();
    } catch (CanceledFailure e) {
      // aborted or cancelled: the guests' own workflows are cancelled with the scope and clean up.
      // The wait is bounded: the sweep below removes whatever a guest did not, so a guest workflow
      // that never reports back cannot keep the staging cluster's lease forever.
      Workflow.newDetachedCancellationScope(
              () -> Workflow.await(GUEST_CLEANUP_WAIT, () -> Promise.allOf(inFlight).isCompleted()))
          .run();
    }
    // belt and braces: whatever a cancelled or crashed guest workflow may have left goes now
    phase("cleaning up");
    boolean clean = sweepQuietly(staging, stagingId);
    String why = abortReason != null ? abortReason : "the run was cancelled";
    for (GuestRestoreTask g : plan.guests()) {
      GuestRestoreResult r = results.get(g.key());
      if (r == null) {
        results.put(g.key(), GuestRestoreResult.notTested(g, RestoreFailureKind.CANCELLED, why + " before this guest's turn"));
      } else if (r.failure() == RestoreFailureKind.CANCELLED) {
        results.put(g.key(), r.withCleanedUp(clean));
      }
    }
    List<GuestRestoreResult> ordered = plan.guests().stream().map(g -> results.get(g.key())).toList();
    phase(abortReason != null ? "aborted" : "done");
    return new StagingRestoreResult(plan.cluster().region(), ordered, leftovers);
  }

  @Override
  public void abort(String reason) {
    abortReason = reason;
    if (plan != null) showDetails();
    if (work != null) {
      work.cancel(reason);
    }
  }

  private RestoreGuestWorkflow guestWorkflow(String runId, GuestRestoreTask task, String stagingId) {
    return Workflow.newChildWorkflowStub(
        RestoreGuestWorkflow.class,
        RunAttributes.forChild(ChildWorkflowOptions.newBuilder(), List.of(task.storeId()), null)
            .setWorkflowId(runId + "/" + task.key())
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
            .setStaticSummary("restore test of " + task.key() + " (" + task.name() + ") on " + stagingId)
            .build());
  }

  private GuestRestoreOrder order(GuestRestoreTask task, int vmid) {
    return new GuestRestoreOrder(task, plan.cluster(), vmid, plan.storage(), plan.isolatedBridge(), plan.timeouts());
  }

  private void phase(String phase) {
    this.phase = phase;
    showDetails();
  }

  /** "**restoring on staging-eu** · 4/12 guests done", the verdicts, the guests in flight, a wait for a slot. */
  private void showDetails() {
    StagingRestoreProgress p = progress();
    CurrentDetails details = CurrentDetails.phase(phase + " on " + plan.cluster().siteId()).done(p.done(), p.total(), "guests");
    if (p.done() > 0) details.line("guests: " + p.passed() + " passed, " + p.failed() + " failed");
    details.inFlight(p.running());
    if (waitingForSlot) details.line("waiting for a free slot: the staging cluster restores " + plan.capacity() + " at once");
    details.line(abortReason == null ? null : "aborting: " + abortReason).show();
  }

  @Override
  public StagingRestoreProgress progress() {
    int total = plan == null ? 0 : plan.guests().size();
    int passed = (int) results.values().stream().filter(GuestRestoreResult::passed).count();
    return new StagingRestoreProgress(
        plan == null ? null : plan.cluster().region(),
        total,
        results.size(),
        passed,
        results.size() - passed,
        new ArrayList<>(running));
  }

  private List<StagingGuest> removeGuestsInRange(StagingActivities staging, String stagingId) {
    List<StagingGuest> found = staging.guestsInRange(stagingId, plan.firstVmid(), plan.lastVmid());
    for (StagingGuest g : found) {
      staging.destroy(stagingId, g.vmid(), g.type());
    }
    return found;
  }

  /** @return whether the reserved range is empty now */
  private boolean sweepQuietly(StagingActivities staging, String stagingId) {
    boolean[] clean = {true};
    // detached: the sweep must run even when this workflow itself is being cancelled
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                removeGuestsInRange(staging, stagingId);
              } catch (ActivityFailure e) {
                clean[0] = false;
                Workflow.getLogger(StagingRestoreWorkflowImpl.class)
                    .warn("could not sweep the reserved VMID range on {}: {}", stagingId, e.getMessage());
              }
            })
        .run();
    return clean[0];
  }

  /** A guest workflow that itself failed (a bug, or it was terminated) still gets a line. */
  private static GuestRestoreResult crashed(GuestRestoreTask task, int vmid, Throwable error) {
    String why =
        error instanceof ChildWorkflowFailure child && child.getCause() != null
            ? child.getCause().getMessage()
            : String.valueOf(error);
    RestoreFailureKind kind =
        error instanceof ChildWorkflowFailure child && child.getCause() instanceof CanceledFailure
            ? RestoreFailureKind.CANCELLED
            : RestoreFailureKind.API_ERROR;
    return new GuestRestoreResult(
        task.storeId(), task.vmid(), task.name(), task.role(), task.type(), task.reason(), vmid, null,
        false, kind, "guest workflow failed: " + why, null, null, null, null, null, null, false);
  }
}
