package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.Detached;
import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

public class PatchWaveWorkflowImpl implements PatchWaveWorkflow {
  /** The pre-change baseline window is the soak's length, but never shorter than this. */
  static final Duration MIN_BASELINE = Duration.ofMinutes(5);

  private final PatchWavePlanActivities planner = Workflow.newActivityStub(PatchWavePlanActivities.class, ActivityPolicies.central());
  private final HealthGateActivities gates = Workflow.newActivityStub(HealthGateActivities.class, ActivityPolicies.central());
  private final PatchWaveReportActivities reports = Workflow.newActivityStub(PatchWaveReportActivities.class, ActivityPolicies.central());

  /** Version 1: a cancel of the run is an abort (see {@link #run}); runs before it were cancelled outright. */
  static final String CANCEL_IS_ABORT = "cancel-is-abort";

  private String initiator;
  private String bundleVersion;
  private PatchWavePlan plan;
  private PatchWaveStatus status = PatchWaveStatus.PLANNING;
  private int wave;
  private final List<WaveState> waves = new ArrayList<>();
  private final Map<String, StorePatchOutcome> outcomes = new LinkedHashMap<>();
  private final List<StorePatchResult> problems = new ArrayList<>();
  private final List<String> decisions = new ArrayList<>();
  private Integer awaitingApproval;
  private String pausedBecause;
  private boolean pausedByGate;
  private String abortReason;
  private String currentBatch;
  private List<PatchStore> currentStores = List.of();
  private String reason;
  private Instant soakEnds;

  /** Why a wave did not promote; null when it did. */
  private record WaveEnd(PatchWaveStatus status, String reason) {}

  @Override
  public PatchWaveSummary run(PatchWaveRequest request) {
    initiator = request.initiator();
    bundleVersion = request.bundle();
    showDetails();
    PatchWaveSummary summary;
    if (Workflow.getVersion(CANCEL_IS_ABORT, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      summary = runWaves(request);
    } else {
      // The waves run outside the run's cancellation scope, so that a cancel (the Temporal UI's
      // button) becomes an abort: the batches in flight and the wave's patched stores are rolled
      // back and the report is written before the run ends cancelled. Cancelled as they were, the
      // batches' own store workflows would abandon their changes half done.
      Promise<PatchWaveSummary> waves = Detached.start(() -> Async.function(this::runWaves, request));
      try {
        Workflow.await(waves::isCompleted);
      } catch (CanceledFailure cancel) {
        Workflow.newDetachedCancellationScope(
                () -> {
                  if (abortReason == null && !status.finished()) abort(new Intervention("temporal", "the run was cancelled"));
                  Workflow.await(waves::isCompleted);
                })
            .run();
        throw cancel;
      }
      summary = waves.get();
    }
    if (summary == null) {
      // One wave per execution keeps every history to a wave's worth of batches, whatever the fleet size.
      Workflow.await(Workflow::isEveryHandlerFinished);
      Workflow.continueAsNew(new PatchWaveRequest(request.bundle(), initiator, false, request.stores(), state()));
    }
    return summary;
  }

  /** Runs the plan's waves from the current one; null when the next wave is for the run continued as new. */
  private PatchWaveSummary runWaves(PatchWaveRequest request) {
    if (request.carried() != null) {
      restore(request.carried());
    } else {
      plan = planner.plan(request);
      if (request.dryRun()) {
        status = PatchWaveStatus.PLANNED;
        return summary(plan, null, null);
      }
      plan.waves().forEach(w -> waves.add(new WaveState(WaveProgress.pending(w))));
    }
    showDetails();
    while (wave < plan.waves().size()) {
      WaveEnd end = runWave(plan.waves().get(wave));
      if (end != null) return finish(end.status(), end.reason());
      wave++;
      if (wave < plan.waves().size()) return null;
    }
    return finish(PatchWaveStatus.COMPLETED, "every wave passed its gate");
  }

  private WaveEnd runWave(WavePlan w) {
    WaveState ws = waves.get(w.index());
    ws.startedAt = now();
    if (w.approvalRequired() && ws.approvedBy == null) {
      setStatus(ws, PatchWaveStatus.AWAITING_APPROVAL);
      awaitingApproval = w.index();
      showDetails();
      Workflow.await(() -> ws.approvedBy != null || abortReason != null);
      awaitingApproval = null;
    }
    Workflow.await(() -> pausedBecause == null || abortReason != null);
    if (abortReason != null) return abortWave(w, ws, List.of());

    setStatus(ws, PatchWaveStatus.PATCHING);
    List<PatchStore> ordered = byWindow(w.stores());
    Instant waveStart = now();
    Duration baseline = w.soak().compareTo(MIN_BASELINE) < 0 ? MIN_BASELINE : w.soak();
    gates.captureBaseline(plan.bundle().version(), w.index(), ids(ordered), waveStart.minus(baseline), waveStart);

    List<StorePatchResult> patched = new ArrayList<>();
    int failed = 0;
    String attention = null;
    List<List<PatchStore>> batches = chunks(ordered);
    for (int k = 0; k < batches.size(); k++) {
      Workflow.await(() -> pausedBecause == null || abortReason != null);
      List<PatchStore> batch = batches.get(k);
      if (abortReason != null || failed >= w.maxFailures() || attention != null) {
        StorePatchOutcome o = abortReason != null ? StorePatchOutcome.ABORTED : StorePatchOutcome.NOT_STARTED;
        String why = abortReason != null ? "aborted before its turn: " + abortReason : "the wave halted before its turn";
        batch.forEach(s -> record(new StorePatchResult(s.storeId(), o, s.runningBundle(), false, why, now(), now())));
        continue;
      }
      PatchBatch input = new PatchBatch(plan.bundle(), w.index(), k, BatchMode.PATCH, batch, List.of(), w.concurrency(), w.maxFailures() - failed, plan.calendar());
      for (StorePatchResult r : runBatch(input)) {
        record(r);
        if (r.outcome().spendsBudget()) failed++;
        if (r.outcome() == StorePatchOutcome.NEEDS_ATTENTION && attention == null) attention = r.storeId() + " needs attention: " + r.detail();
        if (r.outcome() == StorePatchOutcome.PATCHED) patched.add(r);
      }
    }
    if (abortReason != null) return abortWave(w, ws, patched);
    if (attention != null || failed >= w.maxFailures()) {
      String why = attention != null ? attention : "error budget spent: " + failed + " of " + w.stores().size() + " stores failed (budget " + w.maxFailures() + ")";
      return haltWave(w, ws, patched, "wave " + w.name() + " halted: " + why);
    }

    setStatus(ws, PatchWaveStatus.SOAKING);
    Instant soakStart = now();
    soakEnds = soakStart.plus(w.soak());
    showDetails();
    Workflow.await(w.soak(), () -> abortReason != null);
    if (abortReason != null) return abortWave(w, ws, patched);

    setStatus(ws, PatchWaveStatus.GATING);
    GateDecision decision =
        patched.isEmpty()
            ? HealthGate.decide(w.index(), plan.gate(), List.of(), 0, now())
            : gates.evaluate(new GateRequest(plan.bundle().version(), w.index(), patched.stream().map(StorePatchResult::storeId).toList(), peers(w), soakStart, now(), plan.gate()));
    ws.gate = decision;
    decisions.add("gate of wave " + w.name() + ": " + decision.verdict() + ", " + decision.reason());
    if (decision.verdict() == GateVerdict.FAIL) return haltWave(w, ws, patched, "wave " + w.name() + " failed its gate: " + decision.reason());
    if (decision.verdict() == GateVerdict.INCONCLUSIVE) {
      pausedBecause = "gate of wave " + w.name() + " inconclusive: " + decision.reason();
      pausedByGate = true;
      setStatus(ws, PatchWaveStatus.PAUSED);
      Workflow.await(() -> pausedBecause == null || abortReason != null);
      pausedByGate = false;
      if (abortReason != null) return abortWave(w, ws, patched);
    }
    finishBatches(w, BatchMode.RELEASE, patched);
    setStatus(ws, PatchWaveStatus.COMPLETED);
    ws.finishedAt = now();
    return null;
  }

  private WaveEnd abortWave(WavePlan w, WaveState ws, List<StorePatchResult> patched) {
    for (PatchStore s : w.stores()) {
      if (!outcomes.containsKey(s.storeId())) record(new StorePatchResult(s.storeId(), StorePatchOutcome.ABORTED, s.runningBundle(), false, "aborted before its turn: " + abortReason, now(), now()));
    }
    rollBack(w, ws, patched);
    setStatus(ws, PatchWaveStatus.ABORTED);
    return new WaveEnd(PatchWaveStatus.ABORTED, "aborted: " + abortReason);
  }

  private WaveEnd haltWave(WavePlan w, WaveState ws, List<StorePatchResult> patched, String why) {
    if (plan.rollbackOnHalt()) rollBack(w, ws, patched);
    setStatus(ws, PatchWaveStatus.HALTED);
    return new WaveEnd(PatchWaveStatus.HALTED, why + (plan.rollbackOnHalt() ? "; its patched stores were rolled back" : "; its patched stores keep the bundle"));
  }

  private void rollBack(WavePlan w, WaveState ws, List<StorePatchResult> patched) {
    if (patched.isEmpty()) return;
    setStatus(ws, PatchWaveStatus.ROLLING_BACK);
    for (StorePatchResult r : finishBatches(w, BatchMode.ROLLBACK, patched)) record(r);
    ws.rolledBack = patched.size();
    ws.finishedAt = now();
  }

  private List<StorePatchResult> finishBatches(WavePlan w, BatchMode mode, List<StorePatchResult> patched) {
    List<StorePatchResult> out = new ArrayList<>();
    Map<String, PatchStore> byId = w.stores().stream().collect(Collectors.toMap(PatchStore::storeId, Function.identity()));
    List<List<StorePatchResult>> parts = chunks(patched);
    for (int k = 0; k < parts.size(); k++) {
      List<StorePatchResult> part = parts.get(k);
      List<PatchStore> stores = part.stream().map(r -> byId.get(r.storeId())).toList();
      out.addAll(runBatch(new PatchBatch(plan.bundle(), w.index(), k, mode, stores, part, w.concurrency(), Integer.MAX_VALUE, plan.calendar())));
    }
    return out;
  }

  private List<StorePatchResult> runBatch(PatchBatch batch) {
    String id = "patch-wave/" + batch.bundle().version() + "/w" + batch.wave() + "/" + batch.mode().name().toLowerCase() + "-" + batch.batch();
    String wave = plan.waves().get(batch.wave()).name();
    String summary = batch.mode().name().toLowerCase() + " " + batch.bundle().version() + ", wave " + batch.wave() + " (" + wave + "), batch " + batch.batch() + ": " + batch.stores().size() + " stores";
    List<String> stores = batch.stores().stream().map(PatchStore::storeId).toList();
    PatchBatchWorkflow child = Workflow.newChildWorkflowStub(PatchBatchWorkflow.class, RunAttributes.forChild(ChildWorkflowOptions.newBuilder(), stores, wave).setWorkflowId(id).setStaticSummary(summary).build());
    currentBatch = id;
    currentStores = batch.stores();
    showDetails();
    try {
      var result = Async.function(child::run, batch);
      // A pause or abort that came while the batch was being started still reaches it.
      if (pausedBecause != null) signalBatch(b -> b.pause(true));
      if (abortReason != null && batch.mode() == BatchMode.PATCH) signalBatch(b -> b.abort(abortReason));
      return result.get();
    } finally {
      currentBatch = null;
      currentStores = List.of();
      showDetails();
    }
  }

  private void signalBatch(java.util.function.Consumer<PatchBatchWorkflow> signal) {
    if (currentBatch == null) return;
    PatchBatchWorkflow batch = Workflow.newExternalWorkflowStub(PatchBatchWorkflow.class, currentBatch);
    Async.procedure(() -> signal.accept(batch)).exceptionally(e -> null);
  }

  private PatchWaveSummary finish(PatchWaveStatus end, String why) {
    status = end;
    reason = why;
    showDetails();
    PatchDrift drift = reports.drift(plan.bundle().version());
    String key = reports.writeReport(summary(null, drift, null), Map.copyOf(outcomes));
    return summary(null, drift, key);
  }

  private PatchWaveSummary summary(PatchWavePlan dryRunPlan, PatchDrift drift, String reportKey) {
    return new PatchWaveSummary(
        Workflow.getInfo().getWorkflowId(), bundleVersion, status, reason, initiator, dryRunPlan,
        waves.stream().map(this::progressOf).toList(), List.copyOf(problems), List.copyOf(decisions), drift, reportKey);
  }

  private void record(StorePatchResult r) {
    outcomes.put(r.storeId(), r.outcome());
    problems.removeIf(p -> p.storeId().equals(r.storeId()));
    if (r.outcome() != StorePatchOutcome.PATCHED && r.outcome() != StorePatchOutcome.ALREADY_CURRENT) problems.add(r);
    showDetails();
  }

  /** Stores whose window opens first go first, so a wave spanning time zones does not idle on a closed window. */
  private List<PatchStore> byWindow(List<PatchStore> stores) {
    Instant now = now();
    Map<String, Instant> opens = new LinkedHashMap<>();
    for (PatchStore s : stores) {
      opens.put(s.storeId(), plan.calendar().next(now, ZoneId.of(s.timeZone())).map(StoreCalendar.Opening::start).orElse(Instant.MAX));
    }
    return stores.stream().sorted(Comparator.comparing((PatchStore s) -> opens.get(s.storeId()))).toList();
  }

  /** An even sample of the stores of later waves: the not-yet-patched baseline. */
  private List<String> peers(WavePlan w) {
    List<String> later = plan.waves().stream().filter(x -> x.index() > w.index()).flatMap(x -> x.stores().stream()).map(PatchStore::storeId).toList();
    int n = Math.min(plan.gate().peerSample(), later.size());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(later.get((int) ((long) i * later.size() / n)));
    return out;
  }

  private <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += plan.batchSize()) out.add(items.subList(i, Math.min(items.size(), i + plan.batchSize())));
    return out;
  }

  private static List<String> ids(List<PatchStore> stores) {
    return stores.stream().map(PatchStore::storeId).toList();
  }

  private void setStatus(WaveState ws, PatchWaveStatus s) {
    ws.status = s;
    status = s;
    showDetails();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  // ------------------------------------------------------------------ state carried across continue-as-new

  private PatchWaveState state() {
    return new PatchWaveState(plan, wave, waves.stream().map(this::progressOf).toList(), outcomes, problems, decisions);
  }

  private void restore(PatchWaveState s) {
    plan = s.plan();
    wave = s.nextWave();
    s.waves().forEach(p -> waves.add(new WaveState(p)));
    outcomes.putAll(s.outcomes());
    problems.addAll(s.problems());
    decisions.addAll(s.decisions());
  }

  /** The mutable part of a wave's progress; counts come from the store outcomes. */
  private static final class WaveState {
    final int index;
    final String name;
    PatchWaveStatus status;
    String approvedBy;
    Instant startedAt;
    Instant finishedAt;
    GateDecision gate;
    int rolledBack;

    WaveState(WaveProgress p) {
      index = p.index();
      name = p.name();
      status = p.status();
      approvedBy = p.approvedBy();
      startedAt = p.startedAt();
      finishedAt = p.finishedAt();
      gate = p.gate();
      rolledBack = p.rolledBackAfterGate();
    }
  }

  private WaveProgress progressOf(WaveState ws) {
    WavePlan w = plan.waves().get(ws.index);
    Map<StorePatchOutcome, Long> n =
        w.stores().stream().map(s -> outcomes.get(s.storeId())).filter(Objects::nonNull).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    Function<StorePatchOutcome, Integer> c = o -> n.getOrDefault(o, 0L).intValue();
    return new WaveProgress(
        ws.index, ws.name, ws.status, w.stores().size(), c.apply(StorePatchOutcome.PATCHED), c.apply(StorePatchOutcome.ALREADY_CURRENT),
        c.apply(StorePatchOutcome.SKIPPED), c.apply(StorePatchOutcome.ROLLED_BACK) + c.apply(StorePatchOutcome.NEEDS_ATTENTION),
        c.apply(StorePatchOutcome.ABORTED), c.apply(StorePatchOutcome.NOT_STARTED), ws.rolledBack, ws.approvedBy, ws.startedAt, ws.finishedAt, ws.gate);
  }

  // ------------------------------------------------------------------ queries and updates

  @Override
  public PatchWaveProgress progress() {
    // The batch knows exactly which stores run; its stores without an outcome are in flight or next.
    List<String> inFlight = currentStores.stream().map(PatchStore::storeId).filter(id -> !outcomes.containsKey(id)).toList();
    return new PatchWaveProgress(
        bundleVersion, status, wave, awaitingApproval, pausedBecause, waves.stream().map(this::progressOf).toList(),
        inFlight, Map.copyOf(outcomes), List.copyOf(decisions));
  }

  /** The run's current details in the Temporal UI, from its progress. */
  private void showDetails() {
    PatchWaveProgress p = progress();
    boolean inWave = wave < waves.size();
    CurrentDetails d = CurrentDetails.phase(
        p.status().name().toLowerCase().replace('_', ' ') + " " + bundleVersion + (inWave ? ", wave " + wave + " of " + waves.size() : ""));
    if (inWave) {
      WaveProgress w = p.waves().get(wave);
      d.done(w.done(), w.stores(), "stores of wave " + w.name());
    }
    d.inFlight(p.inFlight());
    if (p.awaitingApproval() != null) {
      List<String> who = plan.approvers().stream().filter(a -> !a.equals(initiator)).toList();
      d.line("waiting for approval of wave " + p.awaitingApproval() + " (" + waves.get(p.awaitingApproval()).name + ") by " + String.join(" or ", who));
    }
    if (p.status() == PatchWaveStatus.SOAKING && soakEnds != null) d.line("soaking until " + CurrentDetails.at(soakEnds, ZoneId.of("UTC")));
    d.line(p.pausedBecause());
    d.line(abortReason == null ? null : "aborting: " + abortReason);
    d.line(status.finished() ? reason : null);
    d.show();
  }

  @Override
  public void validateApprove(Approval approval) {
    String who = named(approval == null ? null : approval.approver(), "approver");
    if (plan == null) throw new IllegalArgumentException("the run is still planning; nothing awaits approval yet");
    if (!plan.approvers().contains(who)) throw new IllegalArgumentException(who + " is not an approver of this plan (approvers: " + String.join(", ", plan.approvers()) + ")");
    if (who.equals(initiator)) throw new IllegalArgumentException(who + " started this run and cannot approve it: an approver must be someone else");
    if (awaitingApproval == null) throw new IllegalArgumentException("no wave is waiting for approval (the run is " + status.name().toLowerCase() + ")");
    if (approval.wave() != awaitingApproval) {
      throw new IllegalArgumentException("wave " + approval.wave() + " is not waiting for approval; wave " + awaitingApproval + " (" + waves.get(awaitingApproval).name + ") is");
    }
  }

  @Override
  public String approve(Approval approval) {
    WaveState ws = waves.get(approval.wave());
    ws.approvedBy = approval.approver();
    decisions.add(approval.approver() + " approved wave " + ws.name + comment(approval.comment()));
    showDetails();
    return "wave " + approval.wave() + " (" + ws.name + ") approved by " + approval.approver();
  }

  @Override
  public void validatePause(Intervention i) {
    named(i == null ? null : i.by(), "name of who pauses");
    running("pause");
    if (pausedBecause != null) throw new IllegalArgumentException("already paused: " + pausedBecause);
  }

  @Override
  public String pause(Intervention i) {
    pausedBecause = "paused by " + i.by() + comment(i.reason());
    decisions.add(pausedBecause);
    status = PatchWaveStatus.PAUSED;
    signalBatch(b -> b.pause(true));
    showDetails();
    return pausedBecause + "; stores in flight finish their change, no new store starts";
  }

  @Override
  public void validateResume(Intervention i) {
    String who = named(i == null ? null : i.by(), "name of who resumes");
    running("resume");
    if (pausedBecause == null) throw new IllegalArgumentException("the run is not paused");
    if (pausedByGate && !plan.approvers().contains(who)) {
      throw new IllegalArgumentException("resuming after an inconclusive gate accepts the wave: only an approver of this plan may (" + String.join(", ", plan.approvers()) + ")");
    }
    if (pausedByGate && who.equals(initiator)) throw new IllegalArgumentException(who + " started this run and cannot accept its inconclusive gate");
  }

  @Override
  public String resume(Intervention i) {
    String what = pausedByGate ? i.by() + " accepted the inconclusive gate of wave " + waves.get(wave).name : "resumed by " + i.by();
    decisions.add(what + comment(i.reason()));
    pausedBecause = null;
    // Paused while still planning there is no wave yet.
    PatchWaveStatus current = waves.isEmpty() ? PatchWaveStatus.PLANNING : waves.get(wave).status;
    status = current == PatchWaveStatus.PAUSED ? PatchWaveStatus.GATING : current;
    signalBatch(b -> b.pause(false));
    showDetails();
    return what;
  }

  @Override
  public void validateAbort(Intervention i) {
    named(i == null ? null : i.by(), "name of who aborts");
    if (i.reason() == null || i.reason().isBlank()) throw new IllegalArgumentException("an abort needs a reason, for the report");
    running("abort");
    if (abortReason != null) throw new IllegalArgumentException("already aborting: " + abortReason);
    if (status == PatchWaveStatus.ROLLING_BACK) throw new IllegalArgumentException("the wave is already being rolled back");
  }

  @Override
  public String abort(Intervention i) {
    abortReason = i.reason() + " (" + i.by() + ")";
    decisions.add(i.by() + " aborted: " + i.reason());
    signalBatch(b -> b.abort(abortReason));
    showDetails();
    return "aborting: stores in flight and this wave's patched stores are being rolled back";
  }

  private void running(String what) {
    if (status.finished()) throw new IllegalArgumentException("cannot " + what + ": the run has finished (" + status.name().toLowerCase() + ")");
  }

  private static String named(String who, String field) {
    if (who == null || who.isBlank()) throw new IllegalArgumentException("give the " + field);
    return who;
  }

  private static String comment(String c) {
    return c == null || c.isBlank() ? "" : ": " + c;
  }
}
