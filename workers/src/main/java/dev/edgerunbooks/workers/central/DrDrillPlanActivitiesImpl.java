package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.drdrill.CephDefinition;
import dev.edgerunbooks.runbooks.drdrill.DrDrillDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestDefinition;
import dev.edgerunbooks.runbooks.fleet.NodeDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.probes.ProbesDefinition;
import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillPlanActivities;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import dev.edgerunbooks.workflows.drdrill.DrillGuest;
import dev.edgerunbooks.workflows.drdrill.DrillPhase;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.StoreDrillPlan;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a DR drill against the fleet, dr-drill.yaml and probes.yaml the central worker loaded: per
 * store, its region's staging nodes, its guests in the definition's boot order with their probes, and
 * the drill's Ceph set-up, targets and timeouts.
 */
public class DrDrillPlanActivitiesImpl implements DrDrillPlanActivities {
  private final FleetDefinition fleet;
  private final DrDrillDefinition definition;
  private final ProbesDefinition probes;

  public DrDrillPlanActivitiesImpl(FleetDefinition fleet, DrDrillDefinition definition, ProbesDefinition probes) {
    this.fleet = fleet;
    this.definition = definition;
    this.probes = probes;
  }

  @Override
  public DrDrillPlan plan(DrDrillRequest request) {
    if (request.stores().isEmpty()) {
      throw CentralPlans.invalidRequest("a DR drill needs at least one store: name the stores to rebuild");
    }
    List<StoreDefinition> stores = CentralPlans.stores(fleet, request.stores());
    List<ValidationProblem> problems = new ArrayList<>(probes.problemsFor(stores));
    problems.addAll(definition.problemsFor(fleet, stores));
    CentralPlans.requireValid(problems);
    return new DrDrillPlan(stores.stream().map(this::plan).toList());
  }

  private StoreDrillPlan plan(StoreDefinition store) {
    List<String> nodes = fleet.region(store.region())
        .flatMap(RegionDefinition::staging)
        .orElseThrow(() -> new IllegalStateException("region " + store.region() + " has no staging: checked before"))
        .nodes().stream().map(NodeDefinition::name).toList();
    CephDefinition ceph = definition.ceph();
    CephPlan cephPlan = new CephPlan(ceph.network(), ceph.pool().name(), ceph.pool().size(), ceph.pool().minSize(),
        ceph.pool().pgNum(), ceph.osdDevices());
    Map<DrillPhase, Duration> phases = new EnumMap<>(DrillPhase.class);
    definition.targets().phases().forEach((phase, target) -> phases.put(DrillPhase.valueOf(phase.name()), target));
    DrillTargets targets = new DrillTargets(definition.targets().rpo(), definition.targets().rto(), phases);
    return new StoreDrillPlan(store.id(), new StagingCluster(store.region()), nodes, definition.clusterName(), cephPlan,
        definition.isolatedBridge(), CentralPlans.backupSource(fleet, store), bootOrder(store), targets,
        definition.provision().timeout(), definition.timeouts().restore(), definition.timeouts().boot(),
        fleet.defaults().siteResponseTimeout());
  }

  // By the definition's role order; guests of one role by VMID.
  private List<DrillGuest> bootOrder(StoreDefinition store) {
    List<String> roles = definition.bootOrder();
    return store.guests().stream()
        .sorted(Comparator.comparingInt((GuestDefinition g) -> roles.indexOf(g.role()))
            .thenComparingInt(GuestDefinition::vmid))
        .map(g -> new DrillGuest(g.vmid(), g.name(), g.role(), g.type().apiName(), CentralPlans.probe(probes, g)))
        .toList();
  }
}
