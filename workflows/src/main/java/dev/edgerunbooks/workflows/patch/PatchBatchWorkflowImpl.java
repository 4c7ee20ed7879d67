package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.SiteProblem;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

public class PatchBatchWorkflowImpl implements PatchBatchWorkflow {
  private final Map<String, StorePatchWorkflow> running = new LinkedHashMap<>();
  private String abortReason;
  private boolean paused;
  private int failed;
  private boolean attention;
  private PatchBatch batch;
  private final Map<String, StorePatchResult> results = new LinkedHashMap<>();

  @Override
  public List<StorePatchResult> run(PatchBatch batch) {
    this.batch = batch;
    showDetails();
    Map<String, StorePatchResult> patched = batch.patched().stream().collect(Collectors.toMap(StorePatchResult::storeId, Function.identity()));
    List<Promise<Void>> done = new ArrayList<>();
    for (PatchStore store : batch.stores()) {
      if (batch.mode() == BatchMode.PATCH) {
        // Budget first: failed + in flight never exceeds the allowance, so the wave cannot overshoot it.
        Workflow.await(() -> abortReason != null || halted(batch)
            || (!paused && running.size() < Math.min(batch.concurrency(), batch.failureAllowance() - failed)));
        if (abortReason != null || halted(batch)) {
          String why =
              abortReason != null ? "aborted before its turn: " + abortReason
                  : attention ? "the wave halted before its turn: a store needs attention" : "the wave's error budget was spent before its turn";
          StorePatchOutcome outcome = abortReason != null ? StorePatchOutcome.ABORTED : StorePatchOutcome.NOT_STARTED;
          results.put(store.storeId(), new StorePatchResult(store.storeId(), outcome, store.runningBundle(), false, why, now(), now()));
          continue;
        }
      } else {
        Workflow.await(() -> running.size() < batch.concurrency());
      }
      done.add(start(batch, store, patched.get(store.storeId())));
    }
    Promise.allOf(done).get();
    return batch.stores().stream().map(s -> results.get(s.storeId())).toList();
  }

  /** A spent budget or a store a human must look at halts the wave: no new store starts. */
  private boolean halted(PatchBatch batch) {
    return failed >= batch.failureAllowance() || attention;
  }

  private Promise<Void> start(PatchBatch batch, PatchStore store, StorePatchResult before) {
    String id = store.storeId();
    running.put(id, null);
    showDetails();
    Promise<StorePatchResult> work =
        switch (batch.mode()) {
          case PATCH -> {
            StorePatchWorkflow child =
                Workflow.newChildWorkflowStub(
                    StorePatchWorkflow.class,
                    RunAttributes.forChild(ChildWorkflowOptions.newBuilder(), List.of(id), null)
                        .setWorkflowId("patch/" + batch.bundle().version() + "/" + id)
                        .setStaticSummary("patch " + batch.bundle().version() + " on " + id + ", wave " + batch.wave())
                        .build());
            running.put(id, child);
            yield Async.function(child::patch, new StorePatchPlan(batch.bundle(), store, batch.calendar()));
          }
          case RELEASE -> Async.function(() -> release(batch.bundle(), store, before));
          case ROLLBACK -> Async.function(() -> rollBack(batch.bundle(), store, before));
        };
    return work.handle(
        (result, error) -> {
          running.remove(id);
          StorePatchResult r = result != null ? result : crashed(store, error);
          if (r.outcome().spendsBudget()) failed++;
          if (r.outcome() == StorePatchOutcome.NEEDS_ATTENTION) attention = true;
          results.put(id, r);
          showDetails();
          return null;
        });
  }

  /** Drops the snapshots of a store that passed the gate; a failure to drop is reported, the store stays patched. */
  private StorePatchResult release(BundleManifest bundle, PatchStore store, StorePatchResult before) {
    try {
      site(store).dropSnapshots(store.storeId(), bundle.snapshotName());
      return before;
    } catch (ActivityFailure e) {
      return before.withOutcome(before.outcome(), before.detail() + "; snapshots kept: " + SiteProblem.of(store.storeId(), "drop snapshots", e).detail());
    }
  }

  /** Puts a store of a failed or aborted wave back on its previous bundle. */
  private StorePatchResult rollBack(BundleManifest bundle, PatchStore store, StorePatchResult before) {
    try {
      site(store).rollbackGuests(store.storeId(), bundle.snapshotName(), before.previousBundle());
    } catch (ActivityFailure e) {
      return before.withOutcome(StorePatchOutcome.NEEDS_ATTENTION, "rollback failed: " + SiteProblem.of(store.storeId(), "roll back", e).detail());
    }
    String back = "rolled back to " + before.previousBundle() + " with its wave";
    return before.hostUpgraded()
        ? before.withOutcome(StorePatchOutcome.NEEDS_ATTENTION, back + ", but host packages cannot be rolled back")
        : before.withOutcome(StorePatchOutcome.ROLLED_BACK, back);
  }

  private static StorePatchActivities site(PatchStore store) {
    return Workflow.newActivityStub(StorePatchActivities.class, ActivityPolicies.site(store.taskQueue(), store.siteResponseTimeout()));
  }

  /** A store workflow that itself failed (a bug, or it was terminated) counts as a failure needing a human. */
  private static StorePatchResult crashed(PatchStore store, Throwable error) {
    String why = error instanceof ChildWorkflowFailure c && c.getCause() != null ? c.getCause().getMessage() : String.valueOf(error);
    Instant at = now();
    return new StorePatchResult(store.storeId(), StorePatchOutcome.NEEDS_ATTENTION, store.runningBundle(), false, "store workflow failed: " + why, at, at);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public void abort(String reason) {
    if (abortReason != null) return;
    abortReason = reason;
    if (batch != null) showDetails();
    for (StorePatchWorkflow child : running.values()) {
      // Sent from its own coroutine: a signal to a child waits for the child to have started, and a
      // store that finished meanwhile makes the signal fail, which changes nothing.
      if (child != null) Async.procedure(child::abort, reason).exceptionally(e -> null);
    }
  }

  @Override
  public void pause(boolean paused) {
    this.paused = paused;
    if (batch != null) showDetails();
  }

  /** "**patch 2026.11.2, wave 1, batch 0** · 3/50 stores done", outcomes, budget, pause or abort, stores in flight. */
  private void showDetails() {
    String title = batch.mode().name().toLowerCase() + " " + batch.bundle().version() + ", wave " + batch.wave() + ", batch " + batch.batch();
    CurrentDetails details =
        CurrentDetails.phase(title).done(results.size(), batch.stores().size(), "stores").countsOf("stores", results.values(), StorePatchResult::outcome);
    if (batch.mode() == BatchMode.PATCH) {
      details.line("failures: " + failed + " of " + (batch.failureAllowance() == Integer.MAX_VALUE ? "unlimited" : batch.failureAllowance()) + " allowed"
          + (attention ? "; halted: a store needs attention" : ""));
    }
    details.line(abortReason != null ? "aborting: " + abortReason : paused ? "paused: no new store starts" : null)
        .inFlight(new ArrayList<>(running.keySet()))
        .show();
  }

  @Override
  public List<String> inFlight() {
    return new ArrayList<>(running.keySet());
  }
}
