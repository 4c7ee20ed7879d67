package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The central planner as the fleet file would answer: three expected guests per store. */
final class ScriptedPlanner {
  static final Duration RPO = Duration.ofHours(26);

  private ScriptedPlanner() {}

  /** Stores outside {@code fleet} are refused the way the real planner refuses them. */
  static BackupVerifyPlanActivities of(List<String> fleet, Duration siteResponse) {
    return request -> {
      List<String> ids = request.stores().isEmpty() ? fleet : request.stores();
      List<StoreVerifyPlan> plans = new ArrayList<>();
      for (String id : ids) {
        if (!fleet.contains(id)) {
          throw ApplicationFailure.newNonRetryableFailure(
              "unknown store " + id + " (not in fleet.yaml)", FailureTypes.UNKNOWN_STORE);
        }
        List<GuestExpectation> guests =
            List.of(
                new GuestExpectation(100, "dns", "dns", RPO),
                new GuestExpectation(101, "tokenization", "tokenization", RPO),
                new GuestExpectation(104, "pos-gateway", "pos", RPO));
        plans.add(new StoreVerifyPlan(id, guests, RPO, siteResponse, Duration.ofHours(26)));
      }
      return plans;
    };
  }
}
