package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyPlanActivities;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.backupverify.GuestExpectation;
import dev.edgerunbooks.workflows.backupverify.StoreVerifyPlan;
import java.util.List;

/** Resolves a backup-verify run against the fleet definition the central worker loaded. */
public class BackupVerifyPlanActivitiesImpl implements BackupVerifyPlanActivities {
  private final FleetDefinition fleet;

  public BackupVerifyPlanActivitiesImpl(FleetDefinition fleet) {
    this.fleet = fleet;
  }

  @Override
  public List<StoreVerifyPlan> plan(BackupVerifyRequest request) {
    return CentralPlans.stores(fleet, request.stores()).stream().map(this::plan).toList();
  }

  private StoreVerifyPlan plan(StoreDefinition store) {
    List<GuestExpectation> guests =
        store.guests().stream()
            .map(g -> new GuestExpectation(g.vmid(), g.name(), g.role(), g.rpo()))
            .toList();
    return new StoreVerifyPlan(
        store.id(),
        guests,
        fleet.defaults().rpo(),
        fleet.defaults().siteResponseTimeout(),
        fleet.defaults().offsiteMaxAge());
  }
}
