package dev.edgerunbooks.activities.staging;

import static dev.edgerunbooks.activities.staging.LabSites.STAGING;
import static dev.edgerunbooks.activities.staging.LabSites.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.GuestConfig;
import dev.edgerunbooks.activities.proxmox.NewApiToken;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.TaskSummary;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.staging.BackupChoice;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.BackupState;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.ProbeResult;
import dev.edgerunbooks.workflows.staging.RestoreOrder;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import dev.edgerunbooks.workflows.staging.StagingGuest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The staging activities against the lab's staging cluster of region eu-central, restoring store-0001's backups. */
class StagingActivitiesImplTest {
  static final String BRIDGE = "vmbr9";
  static final String POOL = "ceph-vm";

  Lab lab;
  StoreClients clients;
  TestActivityEnvironment env;
  StagingActivities staging;
  BackupSource source;

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options().withTimeScale(0.001));
    CredentialSource credentials = LabSites.credentials(lab);
    clients = LabSites.stagingClients(lab, credentials);
    source = LabSites.source(lab, STORE);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new StagingActivitiesImpl(clients, credentials));
    staging = env.newActivityStub(StagingActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    lab.close();
  }

  static ApplicationFailure failure(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure).as("the activity failed").isNotNull();
    return (ApplicationFailure) failure.getCause();
  }

  PveClient pve() {
    return clients.pve();
  }

  String verifiedVolid(int vmid, String type) {
    staging.ensureBackupStorage(STAGING, source);
    BackupChoice choice = staging.newestBackup(STAGING, source, vmid, type);
    assertThat(choice.usable()).isTrue();
    return choice.volid();
  }

  List<TaskSummary> restores(int vmid, String type) {
    String taskType = type.equals("qemu") ? "qmrestore" : "vzrestore";
    return Lab.STAGING_NODES.stream().flatMap(n -> pve().tasks(n, "all", vmid, taskType).stream()).toList();
  }

  // ---------------------------------------------------------------- readiness

  @Test
  void aHealthyStagingClusterIsReady() {
    staging.checkReady(STAGING, POOL, BRIDGE);
  }

  @Test
  void aMissingStorageAndBridgeAreNamedWithTheFix() {
    ApplicationFailure failure = failure(() -> staging.checkReady(STAGING, "rbd-nope", "vmbr7"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("storage rbd-nope does not exist")
        .contains("node stg1 has no bridge vmbr7")
        .contains("node stg3 has no bridge vmbr7")
        .contains("no ports and no gateway");
  }

  @Test
  void aBridgeWithPortsAndAGatewayIsNotIsolated() {
    ApplicationFailure failure = failure(() -> staging.checkReady(STAGING, POOL, "vmbr0"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage())
        .contains("bridge vmbr0 on node stg1 has ports (eno1)")
        .contains("not isolated")
        .contains("has a gateway");
  }

  @Test
  void anOfflineNodeIsNamed() {
    lab.faults(STAGING).nodeOffline("stg2", true);

    ApplicationFailure failure = failure(() -> staging.checkReady(STAGING, POOL, BRIDGE));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage()).contains("node stg2 is offline");
  }

  @Test
  void anotherSiteIdIsRefused() {
    ApplicationFailure failure = failure(() -> staging.checkReady("staging-us-west", POOL, BRIDGE));

    assertThat(failure.getType()).isEqualTo(FailureTypes.UNKNOWN_STORE);
  }

  // ---------------------------------------------------------------- backups

  @Test
  void theBackupStorageIsAddedOnceWithTheStoresRestoreToken() {
    staging.ensureBackupStorage(STAGING, source);
    staging.ensureBackupStorage(STAGING, source);

    assertThat(pve().storages().stream().filter(s -> s.storage().equals(source.storageId())))
        .singleElement()
        .satisfies(s -> {
          assertThat(s.type()).isEqualTo("pbs");
          assertThat(s.port()).isEqualTo(source.port());
          assertThat(s.datastore()).isEqualTo("store");
        });
  }

  @Test
  void afterTheStoresPbsTokenIsRotatedTheStorageLogsInWithTheNewOne() {
    staging.ensureBackupStorage(STAGING, source);
    // the store's PBS token rotated: a new one with the old one's rights, the old one deleted
    StoreClients store = new StoreClients(LabSites.store(lab, STORE), LabSites.credentials(lab), ClientSettings.defaults());
    NewApiToken next = store.pbs().createApiToken("edgerun@pbs", "rot-20261124-abcdef", 0, "rotated");
    store.pbs().grantAcl("/", "Admin", next.tokenid(), true);
    store.pbsWithToken(next.tokenid(), next.value()).deleteApiToken("edgerun@pbs", "runbooks");
    // the staging worker now reads the new token (from Vault in a real fleet)
    CredentialSource rotated = id -> id.equals(STORE)
        ? new StoreCredentials(null, next.value(), null, null, next.tokenid())
        : LabSites.credentials(lab).forStore(id);
    TestActivityEnvironment after = TestActivityEnvironment.newInstance();
    try {
      after.registerActivitiesImplementations(new StagingActivitiesImpl(clients, rotated));
      StagingActivities rotatedStaging = LabSites.onceStub(after, StagingActivities.class);
      assertThat(failure(() -> rotatedStaging.newestBackup(STAGING, source, 101, "qemu")).getOriginalMessage())
          .as("the storage still holds the deleted token").contains("401");

      rotatedStaging.ensureBackupStorage(STAGING, source);

      assertThat(pve().storage(source.storageId()).username()).isEqualTo(next.tokenid());
      assertThat(rotatedStaging.newestBackup(STAGING, source, 101, "qemu").usable()).isTrue();
    } finally {
      after.close();
    }
  }

  @Test
  void aStorageOfThatNameWithAnotherTargetIsNotTakenOver() {
    BackupSource clash = new BackupSource(STORE, POOL, source.server(), source.port(), source.datastore(),
        source.fingerprint(), source.username());

    ApplicationFailure failure = failure(() -> staging.ensureBackupStorage(STAGING, clash));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage()).contains("storage ceph-vm exists but is a rbd storage").contains("remove it");
  }

  @Test
  void newestBackupIsTheNewestVerifiedOne() {
    staging.ensureBackupStorage(STAGING, source);

    BackupChoice choice = staging.newestBackup(STAGING, source, 101, "qemu");

    // the lab verifies every night's backup but the last one
    assertThat(choice.state()).isEqualTo(BackupState.VERIFIED);
    assertThat(choice.volid()).startsWith("pbs-store-0001:backup/vm/101/");
    assertThat(choice.newestTime()).isAfter(choice.backupTime());
    assertThat(choice.sizeBytes()).isPositive();
    assertThat(staging.newestBackup(STAGING, source, 100, "lxc").volid()).startsWith("pbs-store-0001:backup/ct/100/");
  }

  @Test
  void aGuestWithoutBackupIsMissing() {
    staging.ensureBackupStorage(STAGING, source);

    BackupChoice choice = staging.newestBackup(STAGING, source, 150, "qemu");

    assertThat(choice.state()).isEqualTo(BackupState.MISSING);
    assertThat(choice.usable()).isFalse();
    assertThat(choice.volid()).isNull();
  }

  @Test
  void newestBackupBeforeTheStorageExistsSaysWhatToDo() {
    ApplicationFailure failure = failure(() -> staging.newestBackup(STAGING, source, 101, "qemu"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage()).contains("storage pbs-store-0001 does not exist");
  }

  // ---------------------------------------------------------------- bring-up

  @Test
  void aVmIsRestoredIsolatedStartedBootedProbedAndDestroyed() {
    String volid = verifiedVolid(101, "qemu");

    String node = staging.restore(STAGING, new RestoreOrder(9101, "qemu", volid, POOL));
    GuestConfig restored = pve().guestConfig(node, "qemu", 9101);
    staging.isolate(STAGING, 9101, "qemu", BRIDGE);
    staging.start(STAGING, 9101, "qemu");
    staging.start(STAGING, 9101, "qemu");
    staging.awaitBoot(STAGING, 9101, "qemu", Duration.ofSeconds(20));
    ProbeResult probe = staging.probe(STAGING, 9101, "qemu",
        new GuestProbe("tokenization", List.of("/usr/local/bin/health", "--json"), 0, "ok", null, Duration.ofSeconds(10)));

    assertThat(Lab.STAGING_NODES).contains(node);
    assertThat(probe.passed()).as(probe.detail()).isTrue();
    assertThat(probe.detail()).contains("exit 0").contains("ok");
    String net0 = pve().guestConfig(node, "qemu", 9101).get("net0");
    assertThat(net0).contains("bridge=vmbr9").contains("firewall=1");
    assertThat(GuestConfig.property(net0, "virtio")).isEqualTo(GuestConfig.property(restored.get("net0"), "virtio"));
    LabInspection seen = lab.inspect(STAGING);
    assertThat(seen.guest(9101).originStore()).isEqualTo(STORE);
    assertThat(seen.guest(9101).originVmid()).isEqualTo(101);
    assertThat(seen.starts()).hasSize(1);
    assertThat(seen.isolationBreaches()).isEmpty();
    assertThat(staging.guestsInRange(STAGING, 9000, 9999))
        .containsExactly(new StagingGuest(9101, seen.guest(9101).name(), "qemu", node, "running"));

    staging.destroy(STAGING, 9101, "qemu");
    staging.destroy(STAGING, 9101, "qemu");

    assertThat(lab.inspect(STAGING).guest(9101)).isNull();
    assertThat(staging.guestsInRange(STAGING, 9000, 9999)).isEmpty();
  }

  @Test
  void aContainerIsUpWhenEth0HasAnAddress() {
    String volid = verifiedVolid(100, "lxc");

    staging.restore(STAGING, new RestoreOrder(9100, "lxc", volid, POOL));
    staging.isolate(STAGING, 9100, "lxc", BRIDGE);
    staging.start(STAGING, 9100, "lxc");
    staging.awaitBoot(STAGING, 9100, "lxc", Duration.ofSeconds(20));
    ProbeResult probe = staging.probe(STAGING, 9100, "lxc", new GuestProbe("dns", List.of(), 0, null, "eth0", Duration.ofSeconds(5)));
    ProbeResult missing = staging.probe(STAGING, 9100, "lxc", new GuestProbe("dns", List.of(), 0, null, "eth7", Duration.ofSeconds(5)));

    assertThat(probe.passed()).as(probe.detail()).isTrue();
    assertThat(probe.detail()).startsWith("eth0 has ");
    assertThat(missing.passed()).isFalse();
    assertThat(missing.detail()).contains("no interface eth7");
    assertThat(lab.inspect(STAGING).isolationBreaches()).isEmpty();
  }

  @Test
  void isolationKeepsEveryOtherPropertyAndIsIdempotent() {
    String volid = verifiedVolid(100, "lxc");
    String node = staging.restore(STAGING, new RestoreOrder(9100, "lxc", volid, POOL));
    String before = pve().guestConfig(node, "lxc", 9100).get("net0");

    staging.isolate(STAGING, 9100, "lxc", BRIDGE);
    GuestConfig once = pve().guestConfig(node, "lxc", 9100);
    staging.isolate(STAGING, 9100, "lxc", BRIDGE);

    assertThat(once.get("net0")).isEqualTo(GuestConfig.withProperty(before, "bridge", BRIDGE));
    assertThat(once.get("net0")).contains("name=eth0").contains("ip=dhcp").contains("hwaddr=");
    assertThat(pve().guestConfig(node, "lxc", 9100).digest()).isEqualTo(once.digest());
  }

  @Test
  void aFailedRestoreIsATaskFailureWithItsExitStatusAndLeavesNothing() {
    String volid = verifiedVolid(101, "qemu");
    lab.faults(STORE).failRestore(101);

    ApplicationFailure failure = failure(() -> staging.restore(STAGING, new RestoreOrder(9101, "qemu", volid, POOL)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.TASK_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("qmrestore").contains("exit code 255");
    assertThat(failure.getDetails().get(0, String.class)).contains("unable to restore VM 9101");
    assertThat(lab.inspect(STAGING).guest(9101)).isNull();
  }

  @Test
  void aVmWhoseAgentNeverAnswersDidNotBoot() {
    String volid = verifiedVolid(101, "qemu");
    lab.faults(STORE).noBoot(101);
    staging.restore(STAGING, new RestoreOrder(9101, "qemu", volid, POOL));
    staging.isolate(STAGING, 9101, "qemu", BRIDGE);
    staging.start(STAGING, 9101, "qemu");

    ApplicationFailure failure = failure(() -> staging.awaitBoot(STAGING, 9101, "qemu", Duration.ofMillis(400)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.GUEST_DID_NOT_BOOT);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("did not boot within PT0.4S").contains("QEMU guest agent is not running");
  }

  @Test
  void aContainerThatCannotStartFailsItsStartTask() {
    String volid = verifiedVolid(100, "lxc");
    lab.faults(STORE).noBoot(100);
    staging.restore(STAGING, new RestoreOrder(9100, "lxc", volid, POOL));
    staging.isolate(STAGING, 9100, "lxc", BRIDGE);

    ApplicationFailure failure = failure(() -> staging.start(STAGING, 9100, "lxc"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.TASK_FAILED);
    assertThat(failure.getOriginalMessage()).contains("vzstart").contains("startup for container");
  }

  @Test
  void aFailingProbeIsAResultNotAnException() {
    String volid = verifiedVolid(104, "qemu");
    lab.faults(STORE).failProbe(104);
    staging.restore(STAGING, new RestoreOrder(9104, "qemu", volid, POOL));
    staging.isolate(STAGING, 9104, "qemu", BRIDGE);
    staging.start(STAGING, 9104, "qemu");
    staging.awaitBoot(STAGING, 9104, "qemu", Duration.ofSeconds(20));

    ProbeResult failed = staging.probe(STAGING, 9104, "qemu",
        new GuestProbe("pos", List.of("/usr/local/bin/health"), 0, "ok", null, Duration.ofSeconds(5)));

    assertThat(failed.passed()).isFalse();
    assertThat(failed.detail()).contains("exit 1 (expected 0)").contains("health check failed");
  }

  @Test
  void aProbeWhoseOutputLacksTheExpectedTextFails() {
    String volid = verifiedVolid(104, "qemu");
    staging.restore(STAGING, new RestoreOrder(9104, "qemu", volid, POOL));
    staging.isolate(STAGING, 9104, "qemu", BRIDGE);
    staging.start(STAGING, 9104, "qemu");
    staging.awaitBoot(STAGING, 9104, "qemu", Duration.ofSeconds(20));

    ProbeResult failed = staging.probe(STAGING, 9104, "qemu",
        new GuestProbe("pos", List.of("/usr/local/bin/health"), 0, "ready: 42 tills", null, Duration.ofSeconds(5)));

    assertThat(failed.passed()).isFalse();
    assertThat(failed.detail()).contains("exit 0").contains("output lacks 'ready: 42 tills'");
  }

  @Test
  void aProbeOfAVmThatIsNotRunningFailsQuietly() {
    String volid = verifiedVolid(101, "qemu");
    staging.restore(STAGING, new RestoreOrder(9101, "qemu", volid, POOL));

    ProbeResult failed = staging.probe(STAGING, 9101, "qemu",
        new GuestProbe("tokenization", List.of("true"), 0, null, null, Duration.ofSeconds(5)));

    assertThat(failed.passed()).isFalse();
    assertThat(failed.detail()).contains("not running");
  }

  @Test
  void aRepeatedRestoreOfTheSameBackupFindsItDone() {
    String volid = verifiedVolid(101, "qemu");
    RestoreOrder order = new RestoreOrder(9101, "qemu", volid, POOL);

    String first = staging.restore(STAGING, order);
    String again = staging.restore(STAGING, order);

    assertThat(again).isEqualTo(first);
    assertThat(restores(9101, "qemu")).hasSize(1);
  }

  @Test
  void aTargetHoldingAnotherGuestIsDestroyedFirst() {
    staging.ensureBackupStorage(STAGING, source);
    String other = staging.newestBackup(STAGING, source, 102, "qemu").volid();
    String wanted = staging.newestBackup(STAGING, source, 101, "qemu").volid();
    staging.restore(STAGING, new RestoreOrder(9101, "qemu", other, POOL));
    staging.isolate(STAGING, 9101, "qemu", BRIDGE);
    staging.start(STAGING, 9101, "qemu");

    staging.restore(STAGING, new RestoreOrder(9101, "qemu", wanted, POOL));

    LabInspection.GuestInfo guest = lab.inspect(STAGING).guest(9101);
    assertThat(guest.originVmid()).isEqualTo(101);
    assertThat(guest.status()).isEqualTo("stopped");
    assertThat(restores(9101, "qemu")).hasSize(2);
  }

  @Test
  void guestsInRangeListsOnlyThatRange() {
    String volid = verifiedVolid(100, "lxc");
    staging.restore(STAGING, new RestoreOrder(9100, "lxc", volid, POOL));
    staging.restore(STAGING, new RestoreOrder(8100, "lxc", volid, POOL));

    assertThat(staging.guestsInRange(STAGING, 9000, 9999)).extracting(StagingGuest::vmid).containsExactly(9100);
    assertThat(staging.guestsInRange(STAGING, 8000, 9999)).extracting(StagingGuest::vmid).containsExactly(8100, 9100);
  }

  @Test
  void destroyingWhatDoesNotExistIsDone() {
    staging.destroy(STAGING, 9555, "qemu");
  }

  @Test
  void startingAGuestThatIsNotThereIsNotFound() {
    ApplicationFailure failure = failure(() -> staging.start(STAGING, 9555, "qemu"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.NOT_FOUND);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void theRestoreTokenSecretNeverShowsInAFailure() {
    String secret = lab.credentials(STORE).pbsSecret();
    BackupSource wrongPort = new BackupSource(STORE, "pbs-elsewhere", source.server(), 1, source.datastore(),
        source.fingerprint(), source.username());

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> staging.ensureBackupStorage(STAGING, wrongPort));

    assertThat(failure).isNotNull();
    assertThat(failure.getCause().getMessage()).doesNotContain(secret);
  }
}
