package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.NodeDefinition;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.certrotation.CertRotationPlan;
import dev.edgerunbooks.workflows.certrotation.CertRotationPlanActivities;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import dev.edgerunbooks.workflows.certrotation.CertStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Plans a certificate check: the policy of rotation.yaml, read afresh, and each store's nodes and time zone. */
public class CertRotationPlanActivitiesImpl implements CertRotationPlanActivities {
  private final FleetDefinition fleet;
  private final Path runbooksDir;
  private final Clock clock;

  public CertRotationPlanActivitiesImpl(FleetDefinition fleet, Path runbooksDir, Clock clock) {
    this.fleet = fleet;
    this.runbooksDir = runbooksDir;
    this.clock = clock;
  }

  @Override
  public CertRotationPlan plan(CertRotationRequest request) {
    CertPolicy policy = CentralPlans.rotation(runbooksDir, fleet, clock).certificates();
    List<CertStore> stores =
        CentralPlans.stores(fleet, request.stores()).stream()
            .map(s -> new CertStore(s.id(), s.timeZone().getId(), s.nodes().stream().map(NodeDefinition::name).toList(),
                fleet.defaults().siteResponseTimeout()))
            .toList();
    return new CertRotationPlan(policy, stores);
  }
}
