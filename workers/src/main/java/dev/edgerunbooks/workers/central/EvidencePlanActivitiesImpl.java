package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.activities.evidence.EvidenceFiles;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.evidence.EvidencePlan;
import dev.edgerunbooks.workflows.evidence.EvidencePlanActivities;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import dev.edgerunbooks.workflows.evidence.StoreEvidencePlan;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SortedMap;

/**
 * Resolves a night's evidence run: the stores from the fleet definition, and from the audit bucket
 * the latest earlier day the chain links to. A day that has its file already is refused: evidence is
 * append-only, and a second file for a day, or a day slipped in before a later one, would fork the
 * chain.
 */
public class EvidencePlanActivitiesImpl implements EvidencePlanActivities {
  private final FleetDefinition fleet;
  private final AuditBucket bucket;

  public EvidencePlanActivitiesImpl(FleetDefinition fleet, AuditBucket bucket) {
    this.fleet = fleet;
    this.bucket = bucket;
  }

  @Override
  public EvidencePlan plan(EvidenceRequest request, String today) {
    String date = request.date() == null ? today : request.date();
    LocalDate day;
    try {
      day = LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw CentralPlans.invalidRequest("date '" + date + "' is not a day: write it as YYYY-MM-DD, e.g. " + today);
    }
    if (day.isAfter(LocalDate.parse(today))) {
      throw CentralPlans.invalidRequest(
          "date " + date + " is after today (" + today + " UTC): evidence records a day that has begun");
    }
    List<StoreEvidencePlan> stores =
        CentralPlans.stores(fleet, request.stores()).stream()
            .map(s -> new StoreEvidencePlan(s.id(), TaskQueues.site(s.id()), fleet.defaults().siteResponseTimeout()))
            .toList();
    SortedMap<String, String> days = EvidenceFiles.dayFiles(bucket);
    if (days.containsKey(date)) {
      throw CentralPlans.invalidRequest(
          "the evidence of " + date + " is recorded already (" + days.get(date) + "): evidence is append-only; "
              + "verify it with `edgerun evidence verify --from " + date + " --to " + date + "`");
    }
    if (!days.isEmpty() && days.lastKey().compareTo(date) > 0) {
      throw CentralPlans.invalidRequest(
          "a later day, " + days.lastKey() + ", is recorded already: the chain only grows forward, so " + date
              + " can no longer be recorded");
    }
    SortedMap<String, String> earlier = days.headMap(date);
    String previous = earlier.isEmpty() ? null : earlier.get(earlier.lastKey());
    return new EvidencePlan(date, EvidenceFiles.dayKey(date), previous, request.stores().isEmpty(), stores);
  }
}
