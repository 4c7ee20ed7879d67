package dev.edgerunbooks.workflows.drdrill;

import io.temporal.activity.ActivityInterface;

/** Resolves a drill's stores, boot order and targets from the fleet and runbook definitions. */
@ActivityInterface(namePrefix = "DrDrill")
public interface DrDrillPlanActivities {
  /**
   * @throws io.temporal.failure.ApplicationFailure of type {@code UnknownStore} or {@code
   *     RunbookInvalid} (non-retryable), e.g. a guest whose role the boot order does not list
   */
  DrDrillPlan plan(DrDrillRequest request);
}
