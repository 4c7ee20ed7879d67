package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreGuest;
import dev.edgerunbooks.runbooks.probes.ProbesDefinition;
import dev.edgerunbooks.runbooks.restoretest.RestoreRotation;
import dev.edgerunbooks.runbooks.restoretest.RestoreStaging;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestDefinition;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreTask;
import dev.edgerunbooks.workflows.restoretest.RestoreTestPlan;
import dev.edgerunbooks.workflows.restoretest.RestoreTestPlanActivities;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import dev.edgerunbooks.workflows.restoretest.RestoreTimeouts;
import dev.edgerunbooks.workflows.restoretest.SelectionReason;
import dev.edgerunbooks.workflows.restoretest.StagingRestorePlan;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Selects a week's restore tests from the fleet, restore-test.yaml and probes.yaml the central worker
 * loaded: each store's guests due in the rotation that week, plus (when {@code retestFailed}) the guests
 * whose test failed in the last run of an earlier week; grouped by region, one staging cluster each.
 */
public class RestoreTestPlanActivitiesImpl implements RestoreTestPlanActivities {
  private final FleetDefinition fleet;
  private final RestoreTestDefinition definition;
  private final ProbesDefinition probes;
  private final RestoreTestFailures failures;

  public RestoreTestPlanActivitiesImpl(FleetDefinition fleet, RestoreTestDefinition definition, ProbesDefinition probes) {
    this(fleet, definition, probes, RestoreTestFailures.NONE);
  }

  public RestoreTestPlanActivitiesImpl(
      FleetDefinition fleet, RestoreTestDefinition definition, ProbesDefinition probes, RestoreTestFailures failures) {
    this.fleet = fleet;
    this.definition = definition;
    this.probes = probes;
    this.failures = failures;
  }

  @Override
  public RestoreTestPlan plan(RestoreTestRequest request, String week) {
    IsoWeek isoWeek = week(week != null ? week : request.week());
    List<StoreDefinition> stores = CentralPlans.stores(fleet, request.stores());
    List<ValidationProblem> problems = new ArrayList<>(probes.problemsFor(stores));
    problems.addAll(definition.problemsFor(fleet, stores));
    CentralPlans.requireValid(problems);

    Set<String> failed = definition.retestFailed() ? failures.failedBefore(isoWeek.toString()) : Set.of();
    Map<String, List<GuestRestoreTask>> byRegion = new HashMap<>();
    for (StoreDefinition store : stores) {
      byRegion.computeIfAbsent(store.region(), r -> new ArrayList<>()).addAll(tasks(store, isoWeek, failed));
    }
    List<StagingRestorePlan> regions = fleet.regions().stream()
        .map(RegionDefinition::id)
        .filter(region -> byRegion.containsKey(region) && !byRegion.get(region).isEmpty())
        .map(region -> stagingPlan(region, byRegion.get(region)))
        .toList();
    return new RestoreTestPlan(isoWeek.toString(), definition.rotationWeeks(), regions);
  }

  private static IsoWeek week(String week) {
    try {
      return IsoWeek.parse(week);
    } catch (IllegalArgumentException e) {
      throw CentralPlans.invalidRequest("restore test week: " + e.getMessage());
    }
  }

  // In VMID order: the rotation's guests and those to test again.
  private List<GuestRestoreTask> tasks(StoreDefinition store, IsoWeek week, Set<String> failed) {
    Set<Integer> due = new HashSet<>();
    RestoreRotation.due(store.id(), store.guests(), definition.rotationWeeks(), week).forEach(g -> due.add(g.vmid()));
    BackupSource source = CentralPlans.backupSource(fleet, store);
    List<GuestRestoreTask> tasks = new ArrayList<>();
    store.guests().stream()
        .sorted(Comparator.comparingInt(GuestDefinition::vmid))
        .forEach(g -> {
          // A guest that failed last time is a retest even in its rotation week, so the report shows it.
          SelectionReason reason = failed.contains(new StoreGuest(store, g).key()) ? SelectionReason.LAST_FAILED
              : due.contains(g.vmid()) ? SelectionReason.ROTATION
              : null;
          if (reason != null) {
            tasks.add(new GuestRestoreTask(store.id(), g.vmid(), g.name(), g.role(), g.type().apiName(), reason,
                source, CentralPlans.probe(probes, g)));
          }
        });
    return tasks;
  }

  private StagingRestorePlan stagingPlan(String region, List<GuestRestoreTask> guests) {
    RestoreStaging staging = definition.staging();
    RestoreTimeouts timeouts = new RestoreTimeouts(definition.timeouts().restore(), definition.timeouts().boot(),
        fleet.defaults().siteResponseTimeout());
    return new StagingRestorePlan(new StagingCluster(region), staging.capacityFor(region), staging.vmidRange().first(),
        staging.vmidRange().last(), staging.storage(), staging.isolatedBridge(), timeouts, guests);
  }
}
