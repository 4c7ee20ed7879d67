package dev.edgerunbooks.workflows.staging;

import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrillActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory staging cluster for workflow tests: it keeps the guests restored onto it, records
 * every call in order, and fails the way the real one does for the guests told to ({@code
 * store/vmid} keys). Each step takes {@link #stepMillis} so durations are measurable.
 */
public class FakeStaging implements StagingActivities, DrillActivities {
  public final Set<String> missing = new HashSet<>();
  public final Set<String> unverified = new HashSet<>();
  public final Set<String> failRestore = new HashSet<>();
  public final Set<String> noBoot = new HashSet<>();
  public final Set<String> failProbe = new HashSet<>();
  public volatile String notReady;
  public volatile long stepMillis = 20;
  /** When set, restores wait for it (to cancel a run mid-restore). */
  public volatile CountDownLatch holdRestores;

  public final Instant backupTime;
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<Integer, String> guests = new TreeMap<>();
  private final Map<Integer, String> types = new HashMap<>();
  private int maxGuests;
  public final CountDownLatch restoresStarted = new CountDownLatch(2);

  public FakeStaging(Instant backupTime) {
    this.backupTime = backupTime;
  }

  /** The guests on the cluster now, VMID to {@code store/vmid} of the backup. */
  public synchronized Map<Integer, String> guests() {
    return new TreeMap<>(guests);
  }

  public synchronized int maxGuestsAtOnce() {
    return maxGuests;
  }

  public synchronized void leaveGuest(int vmid, String type) {
    guests.put(vmid, "leftover");
    types.put(vmid, type);
  }

  private void step(String call) {
    calls.add(call);
    try {
      Thread.sleep(stepMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String key(BackupSource source, int vmid) {
    return source.storeId() + "/" + vmid;
  }

  @Override
  public void checkReady(String stagingId, String storage, String isolatedBridge) {
    step("checkReady " + storage + " " + isolatedBridge);
    if (notReady != null) {
      throw ApplicationFailure.newNonRetryableFailure(notReady, FailureTypes.STAGING_NOT_READY);
    }
  }

  @Override
  public void ensureBackupStorage(String stagingId, BackupSource source) {
    step("ensureBackupStorage " + source.storageId());
  }

  @Override
  public BackupChoice newestBackup(String stagingId, BackupSource source, int vmid, String type) {
    step("newestBackup " + key(source, vmid));
    String k = key(source, vmid);
    if (missing.contains(k)) {
      return new BackupChoice(null, null, 0, BackupState.MISSING, null);
    }
    if (unverified.contains(k)) {
      return new BackupChoice(null, null, 0, BackupState.UNVERIFIED, backupTime);
    }
    return new BackupChoice(
        source.storageId() + ":backup/" + vmid, backupTime, 1 << 30, BackupState.VERIFIED, backupTime);
  }

  @Override
  public String restore(String stagingId, RestoreOrder order) {
    String from = order.volid().substring("pbs-".length()).replace(":backup", "");
    synchronized (this) {
      guests.put(order.targetVmid(), from);
      types.put(order.targetVmid(), order.type());
      maxGuests = Math.max(maxGuests, guests.size());
    }
    calls.add("restore " + from + " -> " + order.targetVmid() + " on " + order.storage());
    restoresStarted.countDown();
    CountDownLatch hold = holdRestores;
    if (hold != null) {
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    step("restored " + order.targetVmid());
    if (failRestore.contains(from)) {
      synchronized (this) {
        guests.remove(order.targetVmid());
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "task failed: unable to restore VM " + order.targetVmid() + " - pbs-restore exit code 255",
          FailureTypes.TASK_FAILED);
    }
    return "stg1";
  }

  private synchronized String origin(int vmid) {
    return guests.get(vmid);
  }

  @Override
  public void isolate(String stagingId, int vmid, String type, String bridge) {
    step("isolate " + vmid + " " + bridge);
  }

  @Override
  public void start(String stagingId, int vmid, String type) {
    step("start " + vmid);
  }

  @Override
  public void awaitBoot(String stagingId, int vmid, String type, Duration timeout) {
    step("awaitBoot " + vmid);
    if (noBoot.contains(origin(vmid))) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the guest agent of VM " + vmid + " did not answer within " + timeout, FailureTypes.GUEST_DID_NOT_BOOT);
    }
  }

  @Override
  public ProbeResult probe(String stagingId, int vmid, String type, GuestProbe probe) {
    step("probe " + vmid + " " + probe.role());
    boolean ok = !failProbe.contains(origin(vmid));
    return new ProbeResult(ok, ok ? "exit 0" : "exit 1: connection refused");
  }

  @Override
  public void destroy(String stagingId, int vmid, String type) {
    step("destroy " + vmid);
    synchronized (this) {
      guests.remove(vmid);
    }
  }

  @Override
  public synchronized List<StagingGuest> guestsInRange(String stagingId, int first, int last) {
    calls.add("guestsInRange " + first + "-" + last);
    List<StagingGuest> found = new ArrayList<>();
    guests.forEach(
        (vmid, from) -> {
          if (vmid >= first && vmid <= last) {
            found.add(new StagingGuest(vmid, from, types.get(vmid), "stg1", "running"));
          }
        });
    return found;
  }

  // ---------------------------------------------------------------- bare metal

  @Override
  public void provisionNode(String stagingId, String node, Duration timeout) {
    step("provision " + node);
  }

  @Override
  public void createCluster(String stagingId, String node, String clusterName) {
    step("createCluster " + clusterName + " on " + node);
  }

  @Override
  public void joinCluster(String stagingId, String node, String peer) {
    step("join " + node + " via " + peer);
  }

  @Override
  public void createIsolatedBridge(String stagingId, String node, String bridge) {
    step("bridge " + bridge + " on " + node);
  }

  @Override
  public void initCeph(String stagingId, String node, String network) {
    step("initCeph " + network);
  }

  @Override
  public void createMonitorAndManager(String stagingId, String node) {
    step("mon+mgr " + node);
  }

  @Override
  public void createOsds(String stagingId, String node, List<String> devices) {
    step("osds " + node + " " + devices);
  }

  @Override
  public void createPool(String stagingId, String node, CephPlan ceph) {
    step("pool " + ceph.pool() + " size " + ceph.size());
  }

  @Override
  public void awaitCephHealthy(String stagingId, Duration timeout) {
    step("cephHealthy");
  }

  @Override
  public void removeStorage(String stagingId, String storageId) {
    step("removeStorage " + storageId);
  }
}
