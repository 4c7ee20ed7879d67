package dev.edgerunbooks.workflows.evidence;

import io.temporal.activity.ActivityInterface;

/** Resolves a night's run: its day, its stores, and the day the chain links to. Runs centrally. */
@ActivityInterface(namePrefix = "Evidence")
public interface EvidencePlanActivities {
  /**
   * @param today the run's own day in UTC, {@code YYYY-MM-DD}, used when the request names none
   * @throws io.temporal.failure.ApplicationFailure non-retryable: {@code UnknownStore} for a store
   *     the fleet does not know, {@code InvalidRequest} for a malformed date, a date after today, or a
   *     day whose file exists already (evidence is append-only)
   */
  EvidencePlan plan(EvidenceRequest request, String today);
}
