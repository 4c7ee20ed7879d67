package dev.edgerunbooks.workflows.certrotation;

import io.temporal.activity.ActivityInterface;

@ActivityInterface(namePrefix = "CertRotation")
public interface CertRotationPlanActivities {
  /**
   * Reads the rotation policy and the fleet afresh. An invalid policy fails with {@code
   * RunbookInvalid}, an unknown store with {@code UnknownStore}: before any node is touched.
   */
  CertRotationPlan plan(CertRotationRequest request);
}
