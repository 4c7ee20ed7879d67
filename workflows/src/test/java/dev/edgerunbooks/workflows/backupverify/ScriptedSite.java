package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A store as its site worker would answer: guests with backups, some corrupt, an offsite job. */
final class ScriptedSite implements BackupVerifySiteActivities {
  static final AtomicInteger inFlight = new AtomicInteger();
  static final AtomicInteger maxInFlight = new AtomicInteger();

  final String storeId;
  final Map<Integer, GuestBackup> guests = new LinkedHashMap<>();
  final Set<Integer> corrupt = ConcurrentHashMap.newKeySet();
  final List<SnapshotRef> verified = new CopyOnWriteArrayList<>();
  /** Every call the store was asked, in order: {@code inspectBackups}, {@code verifySnapshot 101}, … */
  final List<String> calls = new CopyOnWriteArrayList<>();
  OffsiteCopy offsite;
  String unreachableReason;
  long inspectMillis;

  ScriptedSite(String storeId, Instant lastNight) {
    this.storeId = storeId;
    addGuest(100, "dns", "lxc", lastNight, "none");
    addGuest(101, "tokenization", "qemu", lastNight, "none");
    addGuest(104, "pos-gateway", "qemu", lastNight, "ok");
    offsite = new OffsiteCopy("offsite-s3", "ok", lastNight.plusSeconds(7200));
  }

  void addGuest(int vmid, String name, String type, Instant backupTime, String state) {
    SnapshotRef newest =
        backupTime == null
            ? null
            : new SnapshotRef("store", "lxc".equals(type) ? "ct" : "vm", String.valueOf(vmid), backupTime);
    guests.put(vmid, new GuestBackup(vmid, name, type, "pve1", newest, state));
  }

  @Override
  public List<GuestBackup> inspectBackups(String storeId) {
    calls.add("inspectBackups");
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (inspectMillis > 0) {
        Thread.sleep(inspectMillis);
      }
      if (unreachableReason != null) {
        throw ApplicationFailure.newFailure(unreachableReason, FailureTypes.STORE_UNREACHABLE);
      }
      return new ArrayList<>(guests.values());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public VerifyOutcome verifySnapshot(String storeId, SnapshotRef snapshot) {
    calls.add("verifySnapshot " + snapshot.backupId());
    verified.add(snapshot);
    int vmid = Integer.parseInt(snapshot.backupId());
    return corrupt.contains(vmid)
        ? new VerifyOutcome(false, "UPID:pbs:1", "verification failed - please check the log for details")
        : new VerifyOutcome(true, "UPID:pbs:1", "OK");
  }

  @Override
  public OffsiteCopy checkOffsiteCopy(String storeId) {
    calls.add("checkOffsiteCopy");
    return offsite;
  }
}
