package dev.edgerunbooks.workflows.staging;

import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.util.List;

/**
 * What a restore test or a DR drill asks of a staging cluster. Runs on that cluster's worker
 * ({@link StagingCluster#taskQueue()}), which alone holds its endpoints and credentials: nothing
 * here carries a secret. Every method is idempotent: a retried call finishes the work of the
 * attempt before it or finds it done.
 */
@ActivityInterface(namePrefix = "Staging")
public interface StagingActivities {

  /**
   * Checks that the cluster can take restores: every node online, the isolated bridge present on
   * every node with no physical ports and no gateway, and the target storage present.
   *
   * @throws io.temporal.failure.ApplicationFailure of type {@code StagingNotReady}
   *     (non-retryable) naming what is wrong
   */
  void checkReady(String stagingId, String storage, String isolatedBridge);

  /** Adds the PBS storage {@code source.storageId()} unless it exists with the same target. */
  void ensureBackupStorage(String stagingId, BackupSource source);

  /** The newest verified backup of a guest of the source's store (or why there is none). */
  BackupChoice newestBackup(String stagingId, BackupSource source, int vmid, String type);

  /**
   * Restores a backup, stopped, with fresh MAC addresses, and waits for the restore task,
   * heartbeating its UPID so a retry resumes it.
   *
   * @return the node the guest was restored on
   * @throws io.temporal.failure.ApplicationFailure of type {@code ProxmoxTaskFailed} when the
   *     restore task fails, with the task's exit status
   */
  String restore(String stagingId, RestoreOrder order);

  /** Moves every network interface of the guest onto {@code bridge}, before it ever starts. */
  void isolate(String stagingId, int vmid, String type, String bridge);

  /** Starts the guest and waits for the start task. A running guest is left alone. */
  void start(String stagingId, int vmid, String type);

  /**
   * Waits until the guest is up: its QEMU guest agent answers a ping (VM), or it runs and has a
   * network address (container). Heartbeats while it waits.
   *
   * @throws io.temporal.failure.ApplicationFailure of type {@code GuestDidNotBoot}
   *     (non-retryable) when {@code timeout} passes first
   */
  void awaitBoot(String stagingId, int vmid, String type, Duration timeout);

  /** Runs the guest's application probe; a failing probe is a result, not an exception. */
  ProbeResult probe(String stagingId, int vmid, String type, GuestProbe probe);

  /**
   * Removes the guest: stops a task still working on it (a restore in progress), stops the guest,
   * destroys it with its disks. A guest that does not exist is already removed.
   */
  void destroy(String stagingId, int vmid, String type);

  /** Guests whose VMID lies in {@code [first, last]}. */
  List<StagingGuest> guestsInRange(String stagingId, int first, int last);
}
