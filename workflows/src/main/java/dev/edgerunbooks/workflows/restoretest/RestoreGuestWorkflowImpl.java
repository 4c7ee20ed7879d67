package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.common.SiteProblem;
import dev.edgerunbooks.workflows.staging.BackupChoice;
import dev.edgerunbooks.workflows.staging.BackupState;
import dev.edgerunbooks.workflows.staging.RestoreOrder;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

public class RestoreGuestWorkflowImpl implements RestoreGuestWorkflow {

  @Override
  public GuestRestoreResult restore(GuestRestoreOrder order) {
    GuestRestoreTask task = order.task();
    RestoreTimeouts timeouts = order.timeouts();
    GuestBringUp bringUp =
        new GuestBringUp(order.cluster(), timeouts.siteResponse(), timeouts.restore(), timeouts.boot());
    StagingActivities staging = bringUp.steps();
    String stagingId = order.cluster().siteId();
    Result result = new Result(task, order.stagingVmid());
    boolean restoreAttempted = false;
    // a cancel (SiteProblem rethrows it) ends this workflow cancelled; cleanup still runs below
    try {
      CurrentDetails.phase("finding the newest backup").line(task.key() + " (" + task.name() + ") on " + stagingId).show();
      staging.ensureBackupStorage(stagingId, task.source());
      BackupChoice backup = staging.newestBackup(stagingId, task.source(), task.vmid(), task.type());
      if (!backup.usable()) {
        return result.unusable(backup);
      }
      result.backupTime = backup.backupTime();
      result.backupAge =
          Duration.ofMillis(Workflow.currentTimeMillis() - backup.backupTime().toEpochMilli());
      restoreAttempted = true;
      CurrentDetails.phase("restore, boot and probe")
          .line(task.key() + " (" + task.name() + ") as VM " + order.stagingVmid() + " on " + stagingId)
          .line("backup " + backup.volid() + " of " + CurrentDetails.at(backup.backupTime(), ZoneOffset.UTC))
          .show();
      result.outcome =
          bringUp.run(
              new RestoreOrder(order.stagingVmid(), task.type(), backup.volid(), order.storage()),
              order.isolatedBridge(),
              timeouts.boot(),
              task.probe());
    } catch (ActivityFailure e) {
      SiteProblem problem = SiteProblem.of(stagingId, "read the backups of " + task.key(), e);
      result.failure =
          problem.unreachable() || problem.is(FailureTypes.STAGING_NOT_READY)
              ? RestoreFailureKind.STAGING_UNAVAILABLE
              : RestoreFailureKind.API_ERROR;
      result.detail = problem.detail();
    } finally {
      if (restoreAttempted) {
        // a restore test never leaves a guest behind: destroy on success, failure and cancel alike
        CurrentDetails.phase("destroying VM " + order.stagingVmid()).line(task.key() + " on " + stagingId).show();
        Workflow.newDetachedCancellationScope(() -> result.cleanUp(staging, stagingId)).run();
      }
    }
    return result.toRecord();
  }

  /** The result as it builds up; mutable on purpose, it never leaves the workflow. */
  private static final class Result {
    final GuestRestoreTask task;
    final int stagingVmid;
    Instant backupTime;
    Duration backupAge;
    GuestBringUp.Outcome outcome;
    RestoreFailureKind failure;
    String detail;
    boolean cleanedUp = true;

    Result(GuestRestoreTask task, int stagingVmid) {
      this.task = task;
      this.stagingVmid = stagingVmid;
    }

    GuestRestoreResult unusable(BackupChoice backup) {
      if (backup.state() == BackupState.MISSING) {
        failure = RestoreFailureKind.BACKUP_MISSING;
        detail = "guest " + task.key() + " has no backup on its store's PBS";
      } else {
        failure = RestoreFailureKind.BACKUP_UNVERIFIED;
        detail =
            "no verified backup of "
                + task.key()
                + ": the newest, from "
                + backup.newestTime()
                + ", is "
                + (backup.state() == BackupState.VERIFY_FAILED ? "corrupt (verify failed)" : "not verified");
      }
      return toRecord();
    }

    void cleanUp(StagingActivities staging, String stagingId) {
      try {
        staging.destroy(stagingId, stagingVmid, task.type());
      } catch (ActivityFailure e) {
        cleanedUp = false;
        String why =
            "left on the staging cluster as VMID "
                + stagingVmid
                + ": "
                + SiteProblem.of(stagingId, "destroy", e).detail();
        detail = detail == null ? why : detail + "; " + why;
      }
    }

    GuestRestoreResult toRecord() {
      RestoreFailureKind kind = failure;
      String text = detail;
      String node = null;
      Duration restore = null, boot = null, probe = null, rto = null;
      if (outcome != null) {
        node = outcome.node();
        restore = outcome.restoreTime();
        boot = outcome.bootTime();
        probe = outcome.probeTime();
        rto = outcome.rto();
        if (kind == null) {
          kind = outcome.failure();
          text = detail == null ? outcome.detail() : outcome.detail() + "; " + detail;
        }
      }
      if (kind == null && !cleanedUp) {
        kind = RestoreFailureKind.CLEANUP_FAILED;
      }
      return new GuestRestoreResult(
          task.storeId(),
          task.vmid(),
          task.name(),
          task.role(),
          task.type(),
          task.reason(),
          stagingVmid,
          node,
          kind == null,
          kind,
          text,
          backupTime,
          backupAge,
          restore,
          boot,
          probe,
          rto,
          cleanedUp);
    }
  }
}
