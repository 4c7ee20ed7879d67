package dev.edgerunbooks.workflows.evidence;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Writes the evidence to the audit bucket. Runs centrally; every method is idempotent. */
@ActivityInterface(namePrefix = "Evidence")
public interface EvidenceReportActivities {
  /** Hashes a store's items, writes them under {@code audit/edge/items/<date>/}, returns the root. */
  StoreRoot storeItems(String date, StoreSnapshot snapshot);

  /** The runbook runs whose reports landed in the audit bucket on {@code date} (UTC). */
  List<RunSummary> runsOn(String date);

  /**
   * Writes the day's signed file and the drift report. A file already there with the same content is
   * kept (a retried write); one with other content is refused ({@code EvidenceExists}).
   */
  EvidenceDay writeDay(EvidenceDayInput input);
}
