package dev.edgerunbooks.workflows.evidence;

import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Scripted central and site activities for the evidence workflows. */
final class EvidenceFakes {
  // short, because the test server does not skip time while an activity task waits in a queue
  static final Duration SITE_RESPONSE = Duration.ofSeconds(2);

  private EvidenceFakes() {}

  static final class Planner implements EvidencePlanActivities {
    final List<String> fleet;
    final List<String> todays = Collections.synchronizedList(new ArrayList<>());

    Planner(List<String> fleet) {
      this.fleet = fleet;
    }

    @Override
    public EvidencePlan plan(EvidenceRequest request, String today) {
      todays.add(today);
      String date = request.date() == null ? today : request.date();
      if (!date.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw ApplicationFailure.newNonRetryableFailure("date '" + date + "' is not YYYY-MM-DD", FailureTypes.INVALID_REQUEST);
      }
      List<String> ids = request.stores().isEmpty() ? fleet : request.stores();
      return new EvidencePlan(
          date, "audit/edge/" + date + ".json", "audit/edge/2026-11-23.json", request.stores().isEmpty(),
          ids.stream().map(id -> new StoreEvidencePlan(id, TaskQueues.site(id), SITE_RESPONSE)).toList());
    }
  }

  static final class Site implements EvidenceSiteActivities {
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger maxInFlight = new AtomicInteger();

    @Override
    public StoreSnapshot collect(String storeId) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(50);
        return new StoreSnapshot(
            storeId, Instant.parse("2026-11-24T01:00:00Z"),
            List.of(new EvidenceItem("ceph/health", "{\"status\":\"HEALTH_OK\"}"),
                new EvidenceItem("node/pve1/version", "{\"pveversion\":\"pve-manager/9.1.2\"}")),
            List.of());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  static final class Reports implements EvidenceReportActivities {
    final List<StoreSnapshot> stored = Collections.synchronizedList(new ArrayList<>());
    final List<EvidenceDayInput> days = Collections.synchronizedList(new ArrayList<>());
    final List<String> runsAsked = Collections.synchronizedList(new ArrayList<>());

    @Override
    public StoreRoot storeItems(String date, StoreSnapshot snapshot) {
      stored.add(snapshot);
      return new StoreRoot(
          snapshot.storeId(), "root-of-" + snapshot.storeId(), snapshot.items().size(),
          "audit/edge/items/" + date + "/" + snapshot.storeId() + ".json", snapshot.gaps().size(), null);
    }

    @Override
    public List<RunSummary> runsOn(String date) {
      runsAsked.add(date);
      return List.of(new RunSummary("restore-test", "restore-test/2026-W48", "alice", List.of(), List.of(),
          "20 passed", Instant.parse("2026-11-24T03:00:00Z"), "reports/restore-test/x.json", "ab12"));
    }

    @Override
    public EvidenceDay writeDay(EvidenceDayInput input) {
      days.add(input);
      return new EvidenceDay(input.plan().key(), "cafe", "fleet-root", input.plan().previousKey(),
          "none: the bucket has no S3 Object Lock", "audit/edge/drift/" + input.plan().date() + ".json", 1);
    }
  }
}
