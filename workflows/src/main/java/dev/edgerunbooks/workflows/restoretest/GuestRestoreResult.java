package dev.edgerunbooks.workflows.restoretest;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one guest's restore test.
 *
 * @param failure null when the test passed
 * @param backupTime the time of the backup restored (null when none was usable)
 * @param backupAge the RPO achieved: how old the backup was when its restore started
 * @param restoreTime how long the restore took
 * @param bootTime from the start command until the agent answered (VM) or the network was up (CT)
 * @param probeTime how long the application probe took
 * @param rto restore + boot + probe: how long until the guest was serving again
 * @param cleanedUp whether the restored guest was destroyed (it always should be; false means a
 *     guest was left on the staging cluster and the report says so)
 */
public record GuestRestoreResult(
    String storeId,
    int vmid,
    String name,
    String role,
    String type,
    SelectionReason reason,
    int stagingVmid,
    String stagingNode,
    boolean passed,
    RestoreFailureKind failure,
    String detail,
    Instant backupTime,
    Duration backupAge,
    Duration restoreTime,
    Duration bootTime,
    Duration probeTime,
    Duration rto,
    boolean cleanedUp) {
  public String key() {
    return storeId + "/" + vmid;
  }

  /** The same result, with whether the staging cluster was found clean afterwards. */
  public GuestRestoreResult withCleanedUp(boolean clean) {
    return new GuestRestoreResult(
        storeId, vmid, name, role, type, reason, stagingVmid, stagingNode, passed, failure, detail,
        backupTime, backupAge, restoreTime, bootTime, probeTime, rto, clean);
  }

  /** A guest whose test never started (staging cluster unavailable, run cancelled first). */
  public static GuestRestoreResult notTested(GuestRestoreTask task, RestoreFailureKind kind, String why) {
    return new GuestRestoreResult(
        task.storeId(), task.vmid(), task.name(), task.role(), task.type(), task.reason(), 0, null,
        false, kind, why, null, null, null, null, null, null, true);
  }
}
