package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.Detached;
import dev.edgerunbooks.workflows.staging.StagingGuest;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class RestoreTestWorkflowImpl implements RestoreTestWorkflow {

  private final RestoreTestPlanActivities planner =
      Workflow.newActivityStub(RestoreTestPlanActivities.class, ActivityPolicies.central());
  private final RestoreTestReportActivities reports =
      Workflow.newActivityStub(RestoreTestReportActivities.class, ActivityPolicies.central());

  private static final Duration REGION_ABORT_WAIT =
      StagingRestoreWorkflowImpl.GUEST_CLEANUP_WAIT.plus(Duration.ofMinutes(20));

  private String phase = "planning";
  private int total;
  private final Map<String, GuestRestoreResult> results = new LinkedHashMap<>();
  private final Set<String> regionsRunning = new LinkedHashSet<>();

  @Override
  public RestoreTestSummary run(RestoreTestRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String week = request.week() != null ? request.week() : isoWeek(startedAt);

    RestoreTestPlan plan = planner.plan(request, week);
    total = plan.guestCount();
    if (request.dryRun()) {
      phase("done");
      return new RestoreTestSummary(info.getWorkflowId(), week, true, plan, total, 0, 0, List.of(), 0, null, null);
    }

    phase("restoring");
    List<String> leftovers = new ArrayList<>();
    List<Promise<Void>> regions = new ArrayList<>();
    for (StagingRestorePlan region : plan.regions()) {
      if (region.guests().isEmpty()) {
        continue;
      }
      String lease = region.cluster().leaseWorkflowId();
      regionsRunning.add(lease);
      showDetails();
      StagingRestoreWorkflow staging =
          Workflow.newChildWorkflowStub(
              StagingRestoreWorkflow.class,
              RunAttributes.forChild(ChildWorkflowOptions.newBuilder(), storesOf(region), null)
                  .setWorkflowId(lease)
                  .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                  .setStaticSummary(
                      "restore test " + week + " on " + region.cluster().siteId() + " (" + info.getWorkflowId() + ")")
                  .build());
      // detached: a cancel of this run reaches the regions as an abort signal (below), so each
      // cleans its staging cluster up and still hands back its results
      regions.add(
          Detached.start(
              () ->
                  Async.function(staging::run, region)
                      .handle(
                  (result, error) -> {
                    regionsRunning.remove(lease);
                    if (result != null) {
                      result.guests().forEach(g -> results.put(g.key(), g));
                      result.leftoversRemoved().forEach(g -> leftovers.add(describe(region, g)));
                    } else {
                      region.guests().forEach(g -> results.putIfAbsent(g.key(), regionFailed(g, lease, error)));
                    }
                    showDetails();
                    return null;
                  })));
    }
    Promise<Void> all = Promise.allOf(regions);
    try {
      Workflow.await(all::isCompleted);
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(
              () -> {
                for (String lease : List.copyOf(regionsRunning)) {
                  abort(lease, "the restore test " + info.getWorkflowId() + " was cancelled");
                }
                // bounded like the regions' own wait for their guests, plus time for their sweep
                Workflow.await(REGION_ABORT_WAIT, all::isCompleted);
                report(info, request, week, startedAt, plan, leftovers);
              })
          .run();
      throw e;
    }
    return report(info, request, week, startedAt, plan, leftovers);
  }

  private RestoreTestSummary report(
      WorkflowInfo info, RestoreTestRequest request, String week, Instant startedAt, RestoreTestPlan plan,
      List<String> leftovers) {
    phase("reporting");
    List<GuestRestoreResult> guests = new ArrayList<>();
    for (StagingRestorePlan region : plan.regions()) {
      for (GuestRestoreTask task : region.guests()) {
        guests.add(results.getOrDefault(task.key(), cancelledBeforeStart(task)));
      }
    }
    List<GuestRestoreResult> failures = guests.stream().filter(g -> !g.passed()).toList();
    RestoreTestReport report =
        new RestoreTestReport(
            info.getWorkflowId(),
            info.getRunId(),
            week,
            request.requestedBy(),
            startedAt,
            Instant.ofEpochMilli(Workflow.currentTimeMillis()),
            guests.size(),
            guests.size() - failures.size(),
            failures.size(),
            guests,
            leftovers);
    RestoreTestReportKeys keys = reports.writeReport(report);
    phase("done");
    int shown = Math.min(failures.size(), RestoreTestSummary.MAX_FAILURES);
    return new RestoreTestSummary(
        info.getWorkflowId(),
        week,
        false,
        null,
        guests.size(),
        guests.size() - failures.size(),
        failures.size(),
        failures.subList(0, shown),
        failures.size() - shown,
        keys.report(),
        keys.trend());
  }

  private void phase(String now) {
    phase = now;
    showDetails();
  }

  /** The run's current details in the Temporal UI, from its progress. */
  private void showDetails() {
    RestoreTestProgress p = progress();
    CurrentDetails.phase(p.phase())
        .done(p.done(), p.total(), "guests")
        .line(p.done() == 0 ? null : p.passed() + " passed, " + p.failed() + " failed")
        .inFlight(p.regionsRunning())
        .show();
  }

  @Override
  public RestoreTestProgress progress() {
    int passed = (int) results.values().stream().filter(GuestRestoreResult::passed).count();
    return new RestoreTestProgress(
        phase, total, results.size(), passed, results.size() - passed, new ArrayList<>(regionsRunning));
  }

  /** The ISO week of an instant in UTC, {@code 2026-W48}: the week whose selection a run tests. */
  static String isoWeek(Instant at) {
    ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
    return String.format(
        "%d-W%02d", utc.get(IsoFields.WEEK_BASED_YEAR), utc.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static void abort(String lease, String reason) {
    try {
      Workflow.newExternalWorkflowStub(StagingRestoreWorkflow.class, lease).abort(reason);
    } catch (RuntimeException alreadyClosed) {
      // the region finished meanwhile: nothing to abort
    }
  }

  private static String describe(StagingRestorePlan region, StagingGuest g) {
    return region.cluster().siteId() + " VMID " + g.vmid() + " (" + g.name() + ", " + g.status() + ")";
  }

  /** The region's workflow did not run: most often its staging cluster is leased by another run. */
  private static GuestRestoreResult regionFailed(GuestRestoreTask task, String lease, Throwable error) {
    String why =
        error instanceof ChildWorkflowFailure child && child.getCause() != null
            ? child.getCause().getMessage()
            : String.valueOf(error);
    RestoreFailureKind kind =
        error instanceof ChildWorkflowFailure child && child.getCause() instanceof CanceledFailure
            ? RestoreFailureKind.CANCELLED
            : RestoreFailureKind.STAGING_UNAVAILABLE;
    return GuestRestoreResult.notTested(task, kind, lease + " failed or is held by another run: " + why);
  }

  private static GuestRestoreResult cancelledBeforeStart(GuestRestoreTask task) {
    return GuestRestoreResult.notTested(task, RestoreFailureKind.CANCELLED, "the run was cancelled before this guest's turn");
  }

  /** The stores whose guests a region restores, for the search attributes of its run. */
  private static List<String> storesOf(StagingRestorePlan region) {
    return region.guests().stream().map(GuestRestoreTask::storeId).distinct().toList();
  }
}
