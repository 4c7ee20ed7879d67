package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.activities.patch.BundleStore;
import dev.edgerunbooks.activities.patch.BundleVerifier;
import dev.edgerunbooks.activities.patch.PatchWaveReportActivitiesImpl;
import dev.edgerunbooks.activities.patch.SloSource;
import dev.edgerunbooks.activities.report.RestoreTestIndex;
import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.patchwave.PatchWaveDefinition;
import dev.edgerunbooks.runbooks.patchwave.PatchWaveLoader;
import dev.edgerunbooks.runbooks.patchwave.WaveDefinition;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.BundleManifest;
import dev.edgerunbooks.workflows.patch.BundleVersion;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.patch.PatchStore;
import dev.edgerunbooks.workflows.patch.PatchWavePlan;
import dev.edgerunbooks.workflows.patch.PatchWavePlanActivities;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.WavePlan;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Plans a patch wave: reads patch-wave.yaml afresh (a change to it applies to the next run, and a
 * broken file refuses the run, not the workers), verifies the bundle with the pinned key, refuses a
 * bundle older than what the fleet runs, and deals the stores into waves.
 */
public class PatchWavePlanActivitiesImpl implements PatchWavePlanActivities {
  private final FleetDefinition fleet;
  private final Path runbooksDir;
  private final BundleStore bundles;
  private final SloSource slos;
  private final Supplier<List<RestoreTestIndex.Run>> restoreTests;
  private final Clock clock;

  public PatchWavePlanActivitiesImpl(
      FleetDefinition fleet, Path runbooksDir, BundleStore bundles, SloSource slos, Supplier<List<RestoreTestIndex.Run>> restoreTests, Clock clock) {
    this.fleet = fleet;
    this.runbooksDir = runbooksDir;
    this.bundles = bundles;
    this.slos = slos;
    this.restoreTests = restoreTests;
    this.clock = clock;
  }

  @Override
  public PatchWavePlan plan(PatchWaveRequest request) {
    if (!BundleVersion.isValid(request.bundle())) {
      throw CentralPlans.invalidRequest("bundle '" + request.bundle() + "' is not a bundle version: write it like 2026.12.0");
    }
    PatchWaveDefinition definition;
    try {
      definition = PatchWaveLoader.load(runbooksDir.resolve(PatchWaveLoader.FILE_NAME), fleet, clock);
    } catch (RunbookValidationException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.RUNBOOK_INVALID);
    }
    List<StoreDefinition> stores = CentralPlans.stores(fleet, request.stores());
    List<String> ids = stores.stream().map(StoreDefinition::id).toList();
    BundleManifest bundle = new BundleVerifier(bundles, pinnedKey(definition.publicKey())).verify(request.bundle());

    Map<String, String> running = slos.runningBundles(ids);
    Optional<Map.Entry<String, String>> newest = running.entrySet().stream().max(Map.Entry.comparingByValue(BundleVersion.ORDER));
    if (newest.isPresent() && BundleVersion.compare(newest.get().getValue(), bundle.version()) > 0) {
      long on = running.values().stream().filter(v -> v.equals(newest.get().getValue())).count();
      throw ApplicationFailure.newNonRetryableFailure(
          "bundle " + bundle.version() + " is older than " + newest.get().getValue() + ", which " + on + " store(s) run (" + newest.get().getKey()
              + " among them): roll forward with a newer bundle, or put a store back with `edgerun run rollback-store`",
          FailureTypes.BUNDLE_REJECTED);
    }

    Map<String, String> recoverability = recoverability(definition.restoreTestMaxAge(), ids);
    Map<String, StoreDefinition> byId = stores.stream().collect(Collectors.toMap(StoreDefinition::id, Function.identity()));
    Duration response = fleet.defaults().siteResponseTimeout();
    List<List<String>> assigned = definition.assign(ids, bundle.version());
    Instant now = clock.instant();
    List<WavePlan> waves = new ArrayList<>();
    List<Instant> opensAt = new ArrayList<>();
    for (int i = 0; i < assigned.size(); i++) {
      WaveDefinition w = definition.waves().get(i);
      List<PatchStore> waveStores =
          assigned.get(i).stream()
              .map(id -> new PatchStore(id, byId.get(id).timeZone().getId(), response, running.get(id), recoverability.get(id)))
              .toList();
      waves.add(new WavePlan(i, w.name(), waveStores, w.concurrency(), definition.maxFailures(i, waveStores.size()), w.soak(), w.approval()));
      opensAt.add(firstOpening(definition.calendar(), waveStores, now));
    }
    return new PatchWavePlan(
        bundle, waves, definition.calendar(), definition.gate(), definition.approvers(), definition.rollbackOnHalt(), definition.batchSize(),
        PatchWaveReportActivitiesImpl.drift(bundle.version(), ids, running), now, opensAt);
  }

  private static String pinnedKey(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot read the pinned bundle key " + file + " (patch-wave.yaml bundles.publicKey): " + e.getMessage(), FailureTypes.RUNBOOK_INVALID);
    }
  }

  /**
   * Why each store may not be changed for want of a recent, passing restore test: the newest weekly
   * run must be younger than the limit, and a store with a guest that failed it is held back.
   */
  private Map<String, String> recoverability(Optional<Duration> maxAge, List<String> ids) {
    if (maxAge.isEmpty()) return Map.of();
    Optional<RestoreTestIndex.Run> last = restoreTests.get().stream().max(Comparator.comparing(RestoreTestIndex.Run::startedAt));
    Map<String, String> problems = new java.util.HashMap<>();
    for (String id : ids) {
      if (last.isEmpty()) {
        problems.put(id, "no restore test on record (patch-wave.yaml preflight.restoreTestMaxAge is " + maxAge.get().toDays() + "d)");
      } else if (Duration.between(last.get().startedAt(), clock.instant()).compareTo(maxAge.get()) > 0) {
        problems.put(id, "the last restore test (" + last.get().week() + ") is older than " + maxAge.get().toDays() + "d");
      } else {
        List<String> failed = last.get().failedGuests().stream().filter(g -> g.startsWith(id + "/")).toList();
        if (!failed.isEmpty()) problems.put(id, "its last restore test (" + last.get().week() + ") failed for " + String.join(", ", failed));
      }
    }
    return problems;
  }

  /** When the first store of the wave can start, as of now; null when none ever can. */
  private static Instant firstOpening(StoreCalendar calendar, List<PatchStore> stores, Instant now) {
    return stores.stream()
        .map(s -> calendar.next(now, ZoneId.of(s.timeZone())))
        .flatMap(Optional::stream)
        .map(StoreCalendar.Opening::start)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }
}
