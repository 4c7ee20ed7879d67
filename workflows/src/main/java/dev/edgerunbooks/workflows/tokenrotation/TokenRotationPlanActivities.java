package dev.edgerunbooks.workflows.tokenrotation;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "TokenRotation")
public interface TokenRotationPlanActivities {
  /** Reads the policy and the fleet afresh; an invalid policy or unknown store fails before any token is touched. */
  TokenRotationPlan plan(TokenRotationRequest request);
}
