package dev.edgerunbooks.activities.patch;

import static dev.edgerunbooks.activities.staging.LabSites.FAST;
import static dev.edgerunbooks.activities.staging.LabSites.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.BundleManifest;
import dev.edgerunbooks.workflows.patch.GuestPlacement;
import dev.edgerunbooks.workflows.patch.NodeUpgrade;
import dev.edgerunbooks.workflows.patch.StorePatchActivities;
import dev.edgerunbooks.workflows.patch.StorePreflight;
import dev.edgerunbooks.workflows.patch.StoreProbeResult;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every step of a store's patch against the lab's store-0001 (pve1: 100 lxc, 101 qemu; pve2: 102
 * qemu, 103 lxc; pve3: 104 qemu, 105 lxc), each called twice where a retry could repeat work: the
 * lab's operation counts prove the second call did nothing.
 */
class StorePatchActivitiesImplTest {
  static final String OLD = "2026.11.0";
  static final String NEW = "2026.12.0";
  static final String SNAPSHOT = "pre-2026-12-0";
  static final Map<String, String> HOST = Map.of(
      "pve-manager", "9.1.4", "proxmox-kernel-6.17", "6.17.4-1", "proxmox-kernel-6.17.4-1-pve-signed", "6.17.4-1");
  static final BundleManifest BUNDLE = new BundleManifest(NEW, HOST, Map.of("pos", "4.2.0"), "00");

  final HaltableClock clock = new HaltableClock();
  Lab lab;
  StoreClients clients;
  TestActivityEnvironment env;
  StorePatchActivities site;

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options().withTimeScale(0.001).withClock(clock));
    clients = new StoreClients(LabSites.store(lab, STORE), LabSites.credentials(lab), FAST);
    NodeUpgrader upgrader = (store, node, packages) -> {
      try {
        Lab.UpgradeResult r = lab.upgradeNode(store, node, packages);
        return new NodeUpgrade(r.changed(), r.rebootRequired());
      } catch (RuntimeException e) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.UPGRADE_FAILED);
      }
    };
    Map<Integer, GuestProbe> probes = Map.of(
        104, new GuestProbe("pos", List.of("systemctl", "is-active", "--quiet", "pos-gateway"), 0, null, null, Duration.ofSeconds(10)),
        103, new GuestProbe("cache", List.of(), 0, null, "eth0", Duration.ofSeconds(10)));
    StorePatchSettings settings =
        new StorePatchSettings(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(20));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new StorePatchActivitiesImpl(clients, upgrader, probes, settings));
    site = LabSites.onceStub(env, StorePatchActivities.class);
  }

  @AfterEach
  void stop() {
    env.close();
    lab.close();
  }

  /** The system clock, which a test can halt: the lab's tasks do not end while it stands. */
  static final class HaltableClock extends Clock {
    private volatile Instant haltedAt;

    void halt() {
      haltedAt = Instant.now();
    }

    void run() {
      haltedAt = null;
    }

    @Override
    public Instant instant() {
      Instant h = haltedAt;
      return h != null ? h : Instant.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  LabInspection inspect() {
    return lab.inspect(STORE);
  }

  LabInspection.Operations ops() {
    return lab.operations(STORE);
  }

  static ApplicationFailure failure(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure).as("the activity failed").isNotNull();
    return (ApplicationFailure) failure.getCause();
  }

  @Test
  void preflightOfAHealthyStoreListsItsGuestsBundleAndTheNodesToUpgrade() {
    StorePreflight preflight = site.preflight(STORE, BUNDLE);

    assertThat(preflight.problems()).isEmpty();
    assertThat(preflight.runningBundle()).isEqualTo(OLD);
    assertThat(preflight.nodes()).containsExactly("pve1", "pve2", "pve3");
    assertThat(preflight.guests()).hasSize(6).allSatisfy(g -> assertThat(g.running()).isTrue());
    assertThat(preflight.guests().get(1)).satisfies(g -> {
      assertThat(g.vmid()).isEqualTo(101);
      assertThat(g.type()).isEqualTo("qemu");
      assertThat(g.node()).isEqualTo("pve1");
    });
    assertThat(preflight.nodesToUpgrade()).containsExactly("pve1", "pve2", "pve3");
    lab.upgradeNode(STORE, "pve2", HOST);
    assertThat(site.preflight(STORE, BUNDLE).nodesToUpgrade()).containsExactly("pve1", "pve3");
    assertThat(site.preflight(STORE, new BundleManifest(NEW, Map.of(), Map.of(), "00")).nodesToUpgrade()).isEmpty();
  }

  @Test
  void preflightNamesAnOfflineNodeUnhealthyCephAndGuestsOnDifferentBundles() {
    lab.faults(STORE).nodeOffline("pve2", true);

    StorePreflight offline = site.preflight(STORE, BUNDLE);

    assertThat(offline.problems()).contains("node pve2 is offline");
    assertThat(offline.problems()).anyMatch(p -> p.startsWith("Ceph is HEALTH_WARN"));
    assertThat(offline.nodesToUpgrade()).containsExactly("pve1", "pve3");

    lab.faults(STORE).nodeOffline("pve2", false);
    site.setNoout(STORE, true);
    clients.pve().updateGuestConfig("pve2", "qemu", 102, Map.of("tags", "inventory;bundle-2026.10.0"), null);

    StorePreflight refused = site.preflight(STORE, BUNDLE);

    assertThat(refused.problems()).contains(
        "Ceph is HEALTH_WARN: OSDMAP_FLAGS (noout flag(s) set)",
        "guests disagree: 2026.10.0 (102); 2026.11.0 (100, 101, 103, 104, 105)");
    assertThat(refused.runningBundle()).isNull();
  }

  @Test
  void aCallForAnotherStoreIsRefused() {
    ApplicationFailure refused = failure(() -> site.setNoout("store-0002", true));

    assertThat(refused.getType()).isEqualTo(FailureTypes.UNKNOWN_STORE);
  }

  @Test
  void snapshotsAreTakenAndDroppedOncePerGuest() {
    site.snapshotGuests(STORE, SNAPSHOT);
    site.snapshotGuests(STORE, SNAPSHOT);

    assertThat(ops().count("snapshot")).isEqualTo(6);
    assertThat(inspect().guests()).allSatisfy(g -> assertThat(g.snapshots()).containsExactly(SNAPSHOT));

    site.dropSnapshots(STORE, SNAPSHOT);
    site.dropSnapshots(STORE, SNAPSHOT);

    assertThat(ops().count("delsnapshot")).isEqualTo(6);
    assertThat(inspect().guests()).allSatisfy(g -> assertThat(g.snapshots()).isEmpty());
  }

  @Test
  void nooutIsSetAndClearedOnlyWhenItDiffersAndCephHealthIsWaitedFor() {
    site.setNoout(STORE, true);
    site.setNoout(STORE, true);
    assertThat(ops().count("set-ceph-flag", "noout")).isEqualTo(1);
    assertThat(inspect().cephFlags()).containsExactly("noout");

    ApplicationFailure unhealthy = failure(() -> site.waitCephHealthy(STORE));
    assertThat(unhealthy.getOriginalMessage()).contains("did not return to HEALTH_OK within PT20S", "OSDMAP_FLAGS (noout flag(s) set)");
    assertThat(unhealthy.isNonRetryable()).isTrue();

    site.setNoout(STORE, false);
    site.setNoout(STORE, false);
    assertThat(ops().count("set-ceph-flag", "noout")).isEqualTo(2);
    site.waitCephHealthy(STORE);
  }

  @Test
  void aRollingHostUpgradeOfOneNodeDoesEachStepOnce() {
    site.setNoout(STORE, true);

    List<GuestPlacement> moved = site.evacuateNode(STORE, "pve1");

    assertThat(moved).extracting(GuestPlacement::vmid).containsExactly(100, 101);
    assertThat(moved).allSatisfy(p -> assertThat(p.from()).isEqualTo("pve1"));
    assertThat(moved).extracting(GuestPlacement::to).containsExactly("pve2", "pve3"); // fewest guests first, then by name
    assertThat(inspect().guests()).noneMatch(g -> g.node().equals("pve1"));
    assertThat(inspect().guest(101).status()).isEqualTo("running");
    assertThat(site.evacuateNode(STORE, "pve1")).isEmpty();
    assertThat(ops().count("migrate")).isEqualTo(2);

    NodeUpgrade upgrade = site.upgradeNode(STORE, "pve1", HOST);
    assertThat(upgrade).isEqualTo(new NodeUpgrade(true, true));
    assertThat(site.upgradeNode(STORE, "pve1", HOST)).isEqualTo(new NodeUpgrade(false, true));
    assertThat(ops().count("upgrade-node", "pve1")).isEqualTo(1);

    site.rebootNode(STORE, "pve1");
    assertThat(inspect().nodes().get(0).runningKernel()).isEqualTo("6.17.4-1-pve");
    site.rebootNode(STORE, "pve1");
    assertThat(ops().count("reboot-node", "pve1")).isEqualTo(1);
    assertThat(site.upgradeNode(STORE, "pve1", HOST)).isEqualTo(new NodeUpgrade(false, false));

    site.setNoout(STORE, false);
    site.waitCephHealthy(STORE);
    site.returnGuests(STORE, moved);
    site.returnGuests(STORE, moved);

    assertThat(inspect().guest(100).node()).isEqualTo("pve1");
    assertThat(inspect().guest(101).node()).isEqualTo("pve1");
    assertThat(inspect().guest(101).status()).isEqualTo("running");
    assertThat(ops().count("migrate")).isEqualTo(4);
  }

  @Test
  void aRetriedEvacuationReportsWhatTheAttemptBeforeItMoved() {
    GuestPlacement earlier = new GuestPlacement(100, "lxc", "pve1", "pve2");
    clients.pve().awaitTask(clients.pve().migrateGuest("pve1", "lxc", 100, "pve2", true), p -> {});
    env.setHeartbeatDetails(new StorePatchActivitiesImpl.Evacuation(List.of(earlier), null));

    List<GuestPlacement> moved = site.evacuateNode(STORE, "pve1");

    assertThat(moved).first().isEqualTo(earlier);
    assertThat(moved).extracting(GuestPlacement::vmid).containsExactly(100, 101);
    assertThat(ops().count("migrate")).isEqualTo(2);
  }

  @Test
  void aMigrationStillRunningFromAnEarlierAttemptIsWaitedForAndReported() throws Exception {
    clock.halt(); // the lab's tasks stand still
    clients.pve().migrateGuest("pve1", "qemu", 101, "pve3", true); // the attempt crashed while it ran
    CompletableFuture<List<GuestPlacement>> evacuation = CompletableFuture.supplyAsync(() -> site.evacuateNode(STORE, "pve1"));
    Thread.sleep(300);
    assertThat(evacuation).isNotDone();
    clock.run();

    List<GuestPlacement> moved = evacuation.get(30, TimeUnit.SECONDS);

    assertThat(moved).containsExactly(new GuestPlacement(100, "lxc", "pve1", "pve2"), new GuestPlacement(101, "qemu", "pve1", "pve3"));
    assertThat(ops().count("migrate", "101")).isEqualTo(1);
  }

  @Test
  void aRetriedRebootOnlyWaitsAndANodeNeedingNoneIsNotRebooted() {
    site.rebootNode(STORE, "pve2");
    assertThat(ops().count("reboot-node")).isZero();

    lab.upgradeNode(STORE, "pve2", HOST);
    clients.pve().rebootNode("pve2"); // an attempt that asked, then crashed
    env.setHeartbeatDetails(new StorePatchActivitiesImpl.RebootWait(System.currentTimeMillis(), System.currentTimeMillis(), false, "asked"));

    site.rebootNode(STORE, "pve2");

    assertThat(ops().count("reboot-node", "pve2")).isEqualTo(1);
    assertThat(inspect().nodes().get(1).online()).isTrue();
    assertThat(inspect().nodes().get(1).runningKernel()).isEqualTo("6.17.4-1-pve");
  }

  @Test
  void aFailedUpgradeIsNonRetryableAndAnUnknownNodeCannotBeEvacuated() {
    lab.faults(STORE).failUpgrade("pve3", true);

    ApplicationFailure failed = failure(() -> site.upgradeNode(STORE, "pve3", HOST));
    assertThat(failed.getType()).isEqualTo(FailureTypes.UPGRADE_FAILED);
    assertThat(failed.isNonRetryable()).isTrue();

    assertThat(failure(() -> site.evacuateNode(STORE, "pve9")).getType()).isEqualTo(FailureTypes.NOT_FOUND);
  }

  @Test
  void aGuestPointedAtTheBundleIsRebootedOnceAndRunsIt() {
    site.applyGuestBundle(STORE, 101, NEW);
    site.applyGuestBundle(STORE, 101, NEW);

    LabInspection.GuestInfo guest = inspect().guest(101);
    assertThat(guest.runningBundle()).isEqualTo(NEW);
    assertThat(guest.status()).isEqualTo("running");
    assertThat(guest.tags()).contains("bundle-" + NEW, "tokenization").doesNotContain("bundle-" + OLD);
    assertThat(ops().count("reboot-guest", "101")).isEqualTo(1);
    assertThat(ops().count("set-bundle-tag", "101")).isEqualTo(1);
    assertThat(inspect().guest(102).runningBundle()).isEqualTo(OLD);
  }

  @Test
  void aStoppedGuestIsStartedOnTheBundleAndATagSetWithoutRebootIsFinished() throws Exception {
    clients.pve().awaitTask(clients.pve().stopGuest("pve2", "lxc", 103), p -> {});
    site.applyGuestBundle(STORE, 103, NEW);
    assertThat(inspect().guest(103).status()).isEqualTo("running");
    assertThat(inspect().guest(103).runningBundle()).isEqualTo(NEW);

    Thread.sleep(2100); // the guest has run for whole seconds before its tag is set
    clients.pve().updateGuestConfig("pve2", "qemu", 102, Map.of("tags", "bundle-" + NEW + ";inventory"), null);
    env.setHeartbeatDetails(new StorePatchActivitiesImpl.GuestChange(System.currentTimeMillis(), null)); // set, then crashed
    site.applyGuestBundle(STORE, 102, NEW);
    assertThat(inspect().guest(102).runningBundle()).isEqualTo(NEW);
    assertThat(ops().count("reboot-guest", "102")).isEqualTo(1);
  }

  @Test
  void rollbackPutsChangedGuestsBackOnThePreviousBundleAndLeavesTheOthersAlone() {
    site.snapshotGuests(STORE, SNAPSHOT);
    clients.pve().awaitTask(clients.pve().deleteSnapshot("pve2", "qemu", 102, SNAPSHOT), p -> {});
    site.applyGuestBundle(STORE, 100, NEW);
    site.applyGuestBundle(STORE, 101, NEW);
    site.applyGuestBundle(STORE, 102, NEW);

    site.rollbackGuests(STORE, SNAPSHOT, OLD);
    site.rollbackGuests(STORE, SNAPSHOT, OLD);

    for (int vmid : List.of(100, 101, 102, 103, 104, 105)) {
      LabInspection.GuestInfo g = inspect().guest(vmid);
      assertThat(g.runningBundle()).as("guest " + vmid).isEqualTo(OLD);
      assertThat(g.status()).as("guest " + vmid).isEqualTo("running");
      assertThat(g.tags()).as("guest " + vmid).contains("bundle-" + OLD);
    }
    assertThat(ops().count("rollback")).isEqualTo(2);
    assertThat(ops().count("rollback", "100")).isEqualTo(1);
    assertThat(ops().count("rollback", "101")).isEqualTo(1);
    assertThat(ops().count("set-bundle-tag", "102")).isEqualTo(2); // no snapshot: pointed back and rebooted
    assertThat(ops().count("reboot-guest", "103")).isZero();
  }

  @Test
  void theStoreProbeRunsEachGuestsProbeAndNamesWhatFails() {
    StoreProbeResult healthy = site.probeStore(STORE);
    assertThat(healthy.failures()).isEmpty();
    assertThat(healthy.healthy()).isTrue();

    lab.faults(STORE).failProbe(104);
    clients.pve().awaitTask(clients.pve().stopGuest("pve3", "lxc", 105), p -> {});

    StoreProbeResult sick = site.probeStore(STORE);

    assertThat(sick.healthy()).isFalse();
    assertThat(sick.failures()).hasSize(2);
    assertThat(sick.failures().get(0)).startsWith("guest 104 (pos-gateway): 'systemctl is-active --quiet pos-gateway': exit");
    assertThat(sick.failures().get(1)).isEqualTo("guest 105 (monitoring) is stopped");
  }
}
