package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationPlan;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationPlanActivities;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationRequest;
import dev.edgerunbooks.workflows.tokenrotation.TokenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Plans a token rotation: the policy of rotation.yaml, read afresh, and each store's two accounts (PVE and PBS). */
public class TokenRotationPlanActivitiesImpl implements TokenRotationPlanActivities {
  private final FleetDefinition fleet;
  private final Path runbooksDir;
  private final Clock clock;

  public TokenRotationPlanActivitiesImpl(FleetDefinition fleet, Path runbooksDir, Clock clock) {
    this.fleet = fleet;
    this.runbooksDir = runbooksDir;
    this.clock = clock;
  }

  @Override
  public TokenRotationPlan plan(TokenRotationRequest request) {
    TokenPolicy policy = CentralPlans.rotation(runbooksDir, fleet, clock).tokens();
    List<TokenStore> stores =
        CentralPlans.stores(fleet, request.stores()).stream()
            .map(s -> new TokenStore(s.id(), List.of(ApiAccount.PVE, ApiAccount.PBS),
                fleet.defaults().siteResponseTimeout()))
            .toList();
    return new TokenRotationPlan(policy, stores);
  }
}
