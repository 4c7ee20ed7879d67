package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class StoreBackupVerifyWorkflowImpl implements StoreBackupVerifyWorkflow {

  private final BackupVerifyReportActivities reports =
      Workflow.newActivityStub(BackupVerifyReportActivities.class, ActivityPolicies.central());

  @Override
  public StoreVerifyResult verify(StoreVerifyPlan plan, String reportPrefix) {
    String storeId = plan.storeId();
    BackupVerifySiteActivities site = siteActivities(plan);
    Instant checkedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());

    List<GuestBackup> found;
    CurrentDetails.phase("backup verification of " + storeId).line("step: list guests and backups").show();
    try {
      found = site.inspectBackups(storeId);
    } catch (ActivityFailure e) {
      VerifyFailure failure = SiteFailures.classify(storeId, null, null, "list guests and backups", e);
      StoreVerdict verdict =
          failure.kind() == FailureKind.STORE_UNREACHABLE ? StoreVerdict.UNREACHABLE : StoreVerdict.FAILED;
      return record(reportPrefix, new StoreVerifyResult(storeId, verdict, List.of(), null, null, List.of(failure)));
    }

    Map<Integer, GuestExpectation> expected = new LinkedHashMap<>();
    plan.guests().forEach(g -> expected.put(g.vmid(), g));
    List<VerifyFailure> failures = new ArrayList<>();
    List<GuestVerifyResult> guests = new ArrayList<>();
    List<GuestBackup> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt(GuestBackup::vmid));
    for (GuestBackup guest : sorted) {
      CurrentDetails.phase("backup verification of " + storeId)
          .done(guests.size(), sorted.size(), "guests")
          .line("step: verify the newest backup of " + guest.vmid() + " (" + guest.name() + ")")
          .show();
      GuestExpectation expectation = expected.remove(guest.vmid());
      guests.add(verifyGuest(site, plan, guest, expectation, checkedAt, failures));
    }
    for (GuestExpectation missing : expected.values()) {
      failures.add(
          new VerifyFailure(
              storeId,
              missing.vmid(),
              missing.name(),
              FailureKind.GUEST_MISSING,
              "the fleet definition lists guest "
                  + missing.vmid()
                  + " ("
                  + missing.name()
                  + ") but the cluster does not have it"));
    }

    OffsiteCopy offsite = null;
    try {
      offsite = site.checkOffsiteCopy(storeId);
      String stale = offsiteProblem(offsite, plan.offsiteMaxAge(), checkedAt);
      if (stale != null) {
        failures.add(new VerifyFailure(storeId, null, null, FailureKind.OFFSITE_COPY_STALE, stale));
      }
    } catch (ActivityFailure e) {
      failures.add(SiteFailures.classify(storeId, null, null, "check the offsite copy", e));
    }

    Duration worst =
        guests.stream()
            .map(GuestVerifyResult::rpoAchieved)
            .filter(d -> d != null)
            .max(Comparator.naturalOrder())
            .orElse(null);
    StoreVerdict verdict = failures.isEmpty() ? StoreVerdict.PASSED : StoreVerdict.FAILED;
    if (failures.stream().anyMatch(f -> f.kind() == FailureKind.STORE_UNREACHABLE)) {
      verdict = StoreVerdict.UNREACHABLE;
    }
    return record(reportPrefix, new StoreVerifyResult(storeId, verdict, guests, worst, offsite, failures));
  }

  private GuestVerifyResult verifyGuest(
      BackupVerifySiteActivities site,
      StoreVerifyPlan plan,
      GuestBackup guest,
      GuestExpectation expectation,
      Instant checkedAt,
      List<VerifyFailure> failures) {
    String storeId = plan.storeId();
    Duration target = expectation != null ? expectation.rpo() : plan.defaultRpo();
    String role = expectation != null ? expectation.role() : "unlisted";
    SnapshotRef newest = guest.newest();
    if (newest == null) {
      String reason = "no backup of " + guest.type() + " " + guest.vmid() + " on PBS";
      failures.add(new VerifyFailure(storeId, guest.vmid(), guest.name(), FailureKind.BACKUP_MISSING, reason));
      return new GuestVerifyResult(guest.vmid(), guest.name(), role, false, null, null, target, "none", reason);
    }

    String state = guest.verifyState();
    String reason = null;
    if (!"ok".equals(state) && !"failed".equals(state)) {
      try {
        VerifyOutcome outcome = site.verifySnapshot(storeId, newest);
        state = outcome.ok() ? "ok" : "failed";
        if (!outcome.ok()) {
          reason = "PBS verify of " + snapshotName(newest) + " failed: " + outcome.detail();
        }
      } catch (ActivityFailure e) {
        VerifyFailure failure =
            SiteFailures.classify(storeId, guest.vmid(), guest.name(), "verify " + snapshotName(newest), e);
        failures.add(failure);
        return new GuestVerifyResult(
            guest.vmid(), guest.name(), role, false, newest.backupTime(), null, target, state, failure.reason());
      }
    } else if ("failed".equals(state)) {
      reason = "the newest backup " + snapshotName(newest) + " failed its last PBS verify";
    }
    if (reason != null) {
      failures.add(new VerifyFailure(storeId, guest.vmid(), guest.name(), FailureKind.VERIFY_FAILED, reason));
    }

    Duration age = Duration.between(newest.backupTime(), checkedAt);
    if (age.compareTo(target) > 0) {
      String late =
          "newest backup is " + DurationText.of(age) + " old, target " + DurationText.of(target);
      failures.add(new VerifyFailure(storeId, guest.vmid(), guest.name(), FailureKind.RPO_EXCEEDED, late));
      reason = reason == null ? late : reason + "; " + late;
    }
    return new GuestVerifyResult(
        guest.vmid(), guest.name(), role, reason == null, newest.backupTime(), age, target, state, reason);
  }

  private static String offsiteProblem(OffsiteCopy offsite, Duration maxAge, Instant now) {
    if (offsite.jobId() == null) {
      return "no offsite sync job is configured on the store's PBS";
    }
    if (offsite.lastRunState() != null && !"ok".equalsIgnoreCase(offsite.lastRunState())) {
      return "offsite sync job " + offsite.jobId() + " last ended with: " + offsite.lastRunState();
    }
    if (offsite.lastRunEnd() == null) {
      return "offsite sync job " + offsite.jobId() + " has never run";
    }
    Duration age = Duration.between(offsite.lastRunEnd(), now);
    if (age.compareTo(maxAge) > 0) {
      return "offsite sync job "
          + offsite.jobId()
          + " last succeeded "
          + DurationText.of(age)
          + " ago, limit "
          + DurationText.of(maxAge);
    }
    return null;
  }

  private StoreVerifyResult record(String reportPrefix, StoreVerifyResult result) {
    reports.writeStoreResult(reportPrefix, result);
    return result;
  }

  private static String snapshotName(SnapshotRef s) {
    return s.backupType() + "/" + s.backupId() + "/" + s.backupTime();
  }

  private static BackupVerifySiteActivities siteActivities(StoreVerifyPlan plan) {
    ActivityOptions options =
        ActivityPolicies.site(TaskQueues.site(plan.storeId()), plan.siteResponseTimeout());
    return Workflow.newActivityStub(BackupVerifySiteActivities.class, options);
  }
}
