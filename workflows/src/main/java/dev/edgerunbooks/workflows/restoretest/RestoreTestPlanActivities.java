package dev.edgerunbooks.workflows.restoretest;

import io.temporal.activity.ActivityInterface;

/** Selects a week's guests from the fleet and runbook definitions. Runs centrally. */
@ActivityInterface(namePrefix = "RestoreTest")
public interface RestoreTestPlanActivities {
  /**
   * @param week the ISO week to select for, {@code 2026-W48}
   * @throws io.temporal.failure.ApplicationFailure of type {@code UnknownStore} or {@code
   *     RunbookInvalid} (non-retryable) before anything is restored
   */
  RestoreTestPlan plan(RestoreTestRequest request, String week);
}
