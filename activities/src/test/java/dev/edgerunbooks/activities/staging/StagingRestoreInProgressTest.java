package dev.edgerunbooks.activities.staging;

import static dev.edgerunbooks.activities.staging.LabSites.STAGING;
import static dev.edgerunbooks.activities.staging.LabSites.STORE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.TaskProgress;
import dev.edgerunbooks.activities.proxmox.TaskSummary;
import dev.edgerunbooks.activities.proxmox.Upid;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.RestoreOrder;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restores that are still running when a step is retried or the guest is destroyed: the lab's clock
 * stands still, so a restore task runs until the test moves the clock past its five minutes.
 */
class StagingRestoreInProgressTest {
  static final String POOL = "ceph-vm";
  static final Duration RESTORE = Duration.ofSeconds(301);

  final LabSites.ManualClock clock = new LabSites.ManualClock();
  Lab lab;
  StoreClients clients;
  TestActivityEnvironment env;
  StagingActivities staging;
  BackupSource source;

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options().withTimeScale(1).withClock(clock));
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
    staging.ensureBackupStorage(STAGING, source);
  }

  @AfterEach
  void stop() {
    env.close();
    lab.close();
  }

  PveClient pve() {
    return clients.pve();
  }

  String volid(int vmid) {
    return staging.newestBackup(STAGING, source, vmid, "qemu").volid();
  }

  List<TaskSummary> restores(int vmid) {
    return Lab.STAGING_NODES.stream().flatMap(n -> pve().tasks(n, "all", vmid, "qmrestore").stream()).toList();
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("condition met within 10 s").isTrue();
      Thread.sleep(20);
    }
  }

  @Test
  void destroyDuringARunningRestoreStopsItAndLeavesNothing() {
    Upid restore = pve().restoreVm("stg2", 9101, volid(101), POOL);
    assertThat(lab.inspect(STAGING).guest(9101).lock()).isEqualTo("create");

    staging.destroy(STAGING, 9101, "qemu");

    assertThat(lab.inspect(STAGING).guest(9101)).isNull();
    assertThat(staging.guestsInRange(STAGING, 9000, 9999)).isEmpty();
    assertThat(pve().taskStatus("stg2", restore).exitstatus()).isEqualTo("interrupted by signal");
  }

  @Test
  void aRetriedRestoreWaitsForTheTaskItsFirstAttemptHeartbeated() throws Exception {
    String volid = volid(101);
    Upid first = pve().restoreVm("stg2", 9101, volid, POOL);
    env.setHeartbeatDetails(new TaskProgress(first.text(), "running", 3, 900));

    CompletableFuture<String> retry =
        CompletableFuture.supplyAsync(() -> staging.restore(STAGING, new RestoreOrder(9101, "qemu", volid, POOL)));
    Thread.sleep(300);

    assertThat(retry).isNotDone();
    assertThat(restores(9101)).hasSize(1);
    clock.advance(RESTORE);
    assertThat(retry.get(10, TimeUnit.SECONDS)).isEqualTo("stg2");
    assertThat(restores(9101)).singleElement().satisfies(t -> assertThat(t.status()).isEqualTo("OK"));
    assertThat(lab.inspect(STAGING).guest(9101).lock()).isNull();
  }

  @Test
  void aRetryThatLostItsHeartbeatFindsTheRunningRestoreOfTheSameBackup() throws Exception {
    String volid = volid(101);
    pve().restoreVm("stg3", 9101, volid, POOL);

    CompletableFuture<String> retry =
        CompletableFuture.supplyAsync(() -> staging.restore(STAGING, new RestoreOrder(9101, "qemu", volid, POOL)));
    Thread.sleep(300);

    assertThat(retry).isNotDone();
    assertThat(restores(9101)).hasSize(1);
    clock.advance(RESTORE);
    assertThat(retry.get(10, TimeUnit.SECONDS)).isEqualTo("stg3");
    assertThat(restores(9101)).hasSize(1);
  }

  @Test
  void aRunningRestoreOfAnotherBackupIsStoppedAndReplaced() throws Exception {
    pve().restoreVm("stg3", 9101, volid(102), POOL);
    String wanted = volid(101);

    CompletableFuture<String> restore =
        CompletableFuture.supplyAsync(() -> staging.restore(STAGING, new RestoreOrder(9101, "qemu", wanted, POOL)));
    awaitTrue(() -> restores(9101).size() == 2);
    clock.advance(RESTORE);
    restore.get(10, TimeUnit.SECONDS);

    List<TaskSummary> tasks = restores(9101);
    assertThat(tasks).extracting(TaskSummary::status).containsExactlyInAnyOrder("OK", "interrupted by signal");
    assertThat(lab.inspect(STAGING).guest(9101).originVmid()).isEqualTo(101);
  }
}
