package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.VerifyFailure;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import dev.edgerunbooks.workflows.drdrill.DrDrillSummary;
import dev.edgerunbooks.workflows.drdrill.DrillVerdict;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import dev.edgerunbooks.workflows.patch.EvacuateNodeRequest;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.RollbackStoreRequest;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import dev.edgerunbooks.workflows.tokenrotation.AccountRotation;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenResult;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationRequest;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a run of each runbook is started again: the request it was started with, the id {@code
 * edgerun run} gives a new run of that request, and, for the runbooks whose request names the
 * stores and whose summary says which failed, those stores.
 */
final class Reruns {
  private static final String ONE_STORE = "an incident runbook acts on one store: rerun it whole";

  private Reruns() {}

  /** The id {@code run <runbook>} gives a new run of {@code request} now. */
  interface Naming<Q> {
    /**
     * @param startedOn the day (UTC) the original run started: the day or week of a request that
     *     left it to the run
     */
    String workflowId(Q request, LocalDate startedOn, Clock clock);
  }

  /** The stores whose result failed, from a finished run's summary. */
  interface FailedStores<S> {
    List<String> of(S summary);
  }

  /** The request, for these stores only. */
  interface WithStores<Q> {
    Q of(Q request, List<String> stores);
  }

  /**
   * One runbook's reruns.
   *
   * @param failedStores null when the runbook does not support {@code --failed-only}
   * @param noFailedOnly why not, when it does not
   */
  record Rerun<Q, S>(
      RunView<S> view,
      Class<Q> requestType,
      Naming<Q> naming,
      Predicate<Q> dryRun,
      FailedStores<S> failedStores,
      WithStores<Q> withStores,
      String noFailedOnly) {
    /** A runbook whose request names the stores and whose summary says which failed. */
    static <Q, S> Rerun<Q, S> byStores(
        RunView<S> view, Class<Q> requestType, Naming<Q> naming, Predicate<Q> dryRun, FailedStores<S> failedStores,
        WithStores<Q> withStores) {
      return new Rerun<>(view, requestType, naming, dryRun, failedStores, withStores, null);
    }

    /** A runbook rerun whole only, for the reason {@code why}. */
    static <Q, S> Rerun<Q, S> whole(
        RunView<S> view, Class<Q> requestType, Naming<Q> naming, Predicate<Q> dryRun, String why) {
      return new Rerun<>(view, requestType, naming, dryRun, null, null, why);
    }

    boolean supportsFailedOnly() {
      return failedStores != null;
    }
  }

  private static final List<Rerun<?, ?>> ALL =
      List.of(
          Rerun.byStores(
              new BackupVerifyRuns(), BackupVerifyRequest.class,
              (q, day, clock) -> RunIds.backupVerify(clock.instant()), BackupVerifyRequest::dryRun,
              Reruns::failedStores,
              (q, stores) -> new BackupVerifyRequest(stores, q.maxConcurrentStores(), q.dryRun(), q.requestedBy())),
          Rerun.whole(
              new RestoreTestRuns(), RestoreTestRequest.class,
              (q, day, clock) -> RunIds.restoreTest(q.week() != null ? IsoWeek.parse(q.week()) : IsoWeek.of(day)),
              RestoreTestRequest::dryRun,
              "a restore test selects guests, not stores: a rerun of its week tests the same guests, and the next"
                  + " week's selection takes the guests that failed"),
          Rerun.byStores(
              new DrDrillRuns(), DrDrillRequest.class,
              (q, day, clock) -> RunIds.drDrill(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), q.stores()),
              DrDrillRequest::dryRun,
              s -> s.stores().stream().filter(o -> o.verdict() != DrillVerdict.PASSED).map(o -> o.storeId()).toList(),
              (q, stores) -> new DrDrillRequest(stores, q.dryRun(), q.requestedBy())),
          Rerun.whole(
              new EvidenceRuns(), EvidenceRequest.class,
              (q, day, clock) -> RunIds.evidence(q.date() != null ? LocalDate.parse(q.date()) : day),
              EvidenceRequest::dryRun,
              "evidence records a day once (append-only): its stores not collected are recorded as such in the day's"
                  + " file, and the next night collects them again"),
          Rerun.whole(
              new PatchWaveRuns(), PatchWaveRequest.class,
              (q, day, clock) -> RunIds.patchWave(q.bundle()),
              PatchWaveRequest::dryRun,
              "a patch wave rolls its failed stores back, and its canary, waves and gates decide which stores go"
                  + " when: once they are fixed, roll the bundle out to them with edgerun run patch-wave --bundle"
                  + " <version> --stores <stores>"),
          Rerun.whole(
              IncidentRuns.EVACUATE_NODE, EvacuateNodeRequest.class,
              (q, day, clock) -> RunIds.evacuateNode(q.storeId(), q.node()), q -> false, ONE_STORE),
          Rerun.whole(
              IncidentRuns.ROLLBACK_STORE, RollbackStoreRequest.class,
              (q, day, clock) -> RunIds.rollbackStore(q.storeId()), q -> false, ONE_STORE),
          Rerun.byStores(
              RotationRuns.CERTIFICATES, CertRotationRequest.class,
              (q, day, clock) -> RotationCommand.workflowId("cert-rotation", clock, q.force() && !q.dryRun(), !q.stores().isEmpty() && !q.dryRun()),
              CertRotationRequest::dryRun,
              Reruns::failedStores,
              (q, stores) -> new CertRotationRequest(stores, q.force(), q.dryRun(), q.initiator())),
          Rerun.byStores(
              RotationRuns.TOKENS, TokenRotationRequest.class,
              (q, day, clock) -> RotationCommand.workflowId("token-rotation", clock, q.force() && !q.dryRun(), !q.stores().isEmpty() && !q.dryRun()),
              TokenRotationRequest::dryRun,
              Reruns::failedStores,
              (q, stores) -> new TokenRotationRequest(stores, q.force(), q.dryRun(), q.initiator())));

  /** The reruns of the runbook whose fleet-level runs have this workflow type. */
  static Optional<Rerun<?, ?>> ofType(String workflowType) {
    return ALL.stream().filter(r -> r.view().workflowType().equals(workflowType)).findFirst();
  }

  /**
   * The stores with a failure or unreachable. The summary names at most {@link
   * BackupVerifySummary#MAX_FAILURES} failures; when it left some out and they may hide a store, the
   * stores are not all known and the rerun is refused.
   */
  static List<String> failedStores(BackupVerifySummary s) {
    List<String> stores = s.failures().stream().map(VerifyFailure::storeId).distinct().toList();
    int failed = s.failed() + s.unreachable();
    if (s.failuresOmitted() > 0 && stores.size() < failed) {
      throw new CliException(
          ExitCodes.USAGE,
          s.workflowId() + "'s summary names " + stores.size() + " of its " + failed + " failed stores (it leaves "
              + s.failuresOmitted() + " failures out; the report " + s.reportKey() + " has them all): start those"
              + " stores with edgerun run backup-verify --stores <stores>");
    }
    return stores;
  }

  /** The stores not checked, or with a node whose renewal failed. */
  static List<String> failedStores(CertRotationSummary s) {
    return failing(s.stores(), StoreCertResult::storeId, StoreCertResult::failure,
        store -> store.nodes().stream().map(NodeRotation::outcome).anyMatch(NodeOutcome::failed));
  }

  /** The stores not checked, or with an account whose rotation failed. */
  static List<String> failedStores(TokenRotationSummary s) {
    return failing(s.stores(), StoreTokenResult::storeId, StoreTokenResult::failure,
        store -> store.accounts().stream().map(AccountRotation::outcome).anyMatch(TokenOutcome::failed));
  }

  /** The ids of the stores that could not be checked ({@code failure} not null) or {@code failed}. */
  private static <T> List<String> failing(
      List<T> stores, Function<T, String> id, Function<T, String> failure, Predicate<T> failed) {
    return stores.stream().filter(store -> failure.apply(store) != null || failed.test(store)).map(id).toList();
  }
}
