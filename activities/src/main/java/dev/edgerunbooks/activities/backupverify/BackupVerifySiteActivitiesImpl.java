package dev.edgerunbooks.activities.backupverify;

import dev.edgerunbooks.activities.proxmox.BackupSnapshot;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.Guest;
import dev.edgerunbooks.activities.proxmox.PbsClient;
import dev.edgerunbooks.activities.proxmox.SyncJobStatus;
import dev.edgerunbooks.activities.proxmox.TaskProgress;
import dev.edgerunbooks.activities.proxmox.TaskStatus;
import dev.edgerunbooks.activities.proxmox.Upid;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.PbsEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySiteActivities;
import dev.edgerunbooks.workflows.backupverify.GuestBackup;
import dev.edgerunbooks.workflows.backupverify.OffsiteCopy;
import dev.edgerunbooks.workflows.backupverify.SnapshotRef;
import dev.edgerunbooks.workflows.backupverify.VerifyOutcome;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Backup verification on one store, run by that store's own worker. Registered once per site
 * worker; it refuses calls for any other store, since it holds only this store's credentials.
 */
public final class BackupVerifySiteActivitiesImpl implements BackupVerifySiteActivities {
  private final StoreClients store;

  public BackupVerifySiteActivitiesImpl(
      StoreEndpoints endpoints, CredentialSource credentials, ClientSettings settings) {
    this(new StoreClients(endpoints, credentials, settings));
  }

  public BackupVerifySiteActivitiesImpl(StoreClients store) {
    if (store.endpoints().pbs() == null) {
      throw new IllegalArgumentException("store " + store.storeId() + " has no PBS to verify backups on");
    }
    this.store = store;
  }

  @Override
  public List<GuestBackup> inspectBackups(String storeId) {
    store.requireStore(storeId);
    ActivityExecutionContext context = Activity.getExecutionContext();
    PbsClient pbs = store.pbs();
    String datastore = pbsEndpoint().datastore();
    List<Guest> guests = store.pve().clusterGuests();
    List<GuestBackup> result = new ArrayList<>(guests.size());
    for (Guest guest : guests) {
      Optional<BackupSnapshot> newest = pbs.newestSnapshot(datastore, guest);
      result.add(
          new GuestBackup(
              guest.vmid(),
              guest.name(),
              guest.type(),
              guest.node(),
              newest.map(s -> new SnapshotRef(datastore, s.backupType(), s.backupId(), s.time())).orElse(null),
              newest.map(BackupSnapshot::verifyState).orElse("none")));
      // one PBS call per guest: a store with many guests must not look stuck to the heartbeat timeout
      context.heartbeat(result.size());
    }
    return result;
  }

  @Override
  public VerifyOutcome verifySnapshot(String storeId, SnapshotRef snapshot) {
    store.requireStore(storeId);
    ActivityExecutionContext context = Activity.getExecutionContext();
    PbsClient pbs = store.pbs();
    BackupSnapshot current = find(pbs, snapshot);
    // check, then act: a retried or repeated call must not verify the same snapshot twice
    String state = current.verifyState();
    if (state.equals("ok") || state.equals("failed")) {
      String task = current.verification().upid();
      return new VerifyOutcome(
          state.equals("ok"), null, "already verified: " + state + (task == null ? "" : " (task " + task + ")"));
    }
    Optional<Upid> previous = runningVerify(context, snapshot);
    if (previous.isPresent()) {
      try {
        TaskStatus end = pbs.awaitTaskEnd(previous.get(), context::heartbeat);
        return new VerifyOutcome(end.succeeded(), previous.get().text(), end.exitstatus());
      } catch (ApplicationFailure e) {
        if (!FailureTypes.NOT_FOUND.equals(e.getType())) {
          throw e;
        }
        // the task is gone (PBS restarted, task log rotated): the snapshot is still unverified
      }
    }
    Upid upid = pbs.verify(snapshot.datastore(), snapshot.backupType(), snapshot.backupId(), snapshot.backupTime());
    TaskStatus end = pbs.awaitTaskEnd(upid, context::heartbeat);
    // a corrupt backup is a finding to report, not a failure of this activity
    return new VerifyOutcome(end.succeeded(), upid.text(), end.exitstatus());
  }

  @Override
  public OffsiteCopy checkOffsiteCopy(String storeId) {
    store.requireStore(storeId);
    String jobId = pbsEndpoint().offsiteSyncJob();
    if (jobId == null || jobId.isBlank()) {
      return new OffsiteCopy(null, null, null);
    }
    return store.pbs().syncJobs().stream()
        .filter(job -> jobId.equals(job.id()))
        .findFirst()
        .map(BackupVerifySiteActivitiesImpl::offsiteCopy)
        .orElseGet(
            () -> new OffsiteCopy(jobId, "missing: PBS of store " + storeId + " has no sync job '" + jobId + "'", null));
  }

  private static OffsiteCopy offsiteCopy(SyncJobStatus job) {
    Instant end = job.lastRunEndtime() == null ? null : Instant.ofEpochSecond(job.lastRunEndtime());
    return new OffsiteCopy(job.id(), job.lastRunState(), end);
  }

  /**
   * A retried attempt finds the verify task its previous attempt started in the heartbeat details,
   * and waits for it instead of starting a second one.
   */
  private static Optional<Upid> runningVerify(ActivityExecutionContext context, SnapshotRef snapshot) {
    try {
      return context
          .getHeartbeatDetails(TaskProgress.class)
          .map(TaskProgress::upid)
          .map(Upid::parse)
          .filter(upid -> upid.type().startsWith("verify"));
    } catch (RuntimeException e) {
      return Optional.empty(); // details from another shape: start afresh
    }
  }

  private BackupSnapshot find(PbsClient pbs, SnapshotRef ref) {
    long time = ref.backupTime().getEpochSecond();
    return pbs.snapshots(ref.datastore(), ref.backupType(), ref.backupId()).stream()
        .filter(s -> s.backupTime() == time)
        .findFirst()
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "snapshot " + ref.backupType() + "/" + ref.backupId() + "/" + ref.backupTime()
                        + " is no longer on datastore " + ref.datastore() + " of store " + store.storeId()
                        + " (pruned since it was listed?): inspect the backups again",
                    FailureTypes.NOT_FOUND));
  }

  private PbsEndpoint pbsEndpoint() {
    return store.endpoints().pbs();
  }
}
