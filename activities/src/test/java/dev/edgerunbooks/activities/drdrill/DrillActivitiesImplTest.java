package dev.edgerunbooks.activities.drdrill;

import static dev.edgerunbooks.activities.staging.LabSites.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.activities.staging.StagingActivitiesImpl;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabCredentials;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrillActivities;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rebuilding the lab's eu-central staging cluster from bare nodes. */
class DrillActivitiesImplTest {
  static final List<String> NODES = Lab.STAGING_NODES;
  static final List<String> DISKS = List.of("/dev/nvme0n1", "/dev/nvme1n1");
  static final CephPlan CEPH = new CephPlan("10.2.0.0/24", "ceph-vm", 3, 2, 128, DISKS);
  static final String CLUSTER = "stg-eu";

  Lab lab;
  StoreClients clients;
  TestActivityEnvironment env;
  DrillActivities drill;
  StagingActivities staging;
  final AtomicInteger reinstalls = new AtomicInteger();
  NodeProvisioner provisioner = (site, node, timeout, heartbeat) -> {
    reinstalls.incrementAndGet();
    lab.reinstall(site, node);
  };

  void start(boolean wiped) {
    start(wiped, null);
  }

  /** @param rootPassword the root password the worker reads, null for the lab's own */
  void start(boolean wiped, String rootPassword) {
    lab = Lab.start(LabSites.options().withTimeScale(0.001).withWipedStaging(wiped));
    CredentialSource credentials = siteId -> {
      LabCredentials c = lab.credentials(siteId);
      return new StoreCredentials(c.pveSecret(), c.pbsSecret(), rootPassword == null ? c.rootPassword() : rootPassword);
    };
    clients = LabSites.stagingClients(lab, credentials);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new DrillActivitiesImpl(clients, credentials, (site, node, timeout, heartbeat) -> provisioner.reinstall(site, node, timeout, heartbeat)),
        new StagingActivitiesImpl(clients, credentials));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    drill = env.newActivityStub(DrillActivities.class, options);
    staging = env.newActivityStub(StagingActivities.class, options);
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

  int tasks(String type) {
    PveClient pve = clients.pve();
    return NODES.stream().mapToInt(n -> pve.tasks(n, "all", null, type).size()).sum();
  }

  void buildCluster() {
    drill.createCluster(STAGING, "stg1", CLUSTER);
    drill.joinCluster(STAGING, "stg2", "stg1");
    drill.joinCluster(STAGING, "stg3", "stg1");
  }

  void buildCeph() {
    drill.initCeph(STAGING, "stg1", CEPH.network());
    for (String node : NODES) {
      drill.createMonitorAndManager(STAGING, node);
    }
    for (String node : NODES) {
      drill.createOsds(STAGING, node, DISKS);
    }
    drill.createPool(STAGING, "stg1", CEPH);
  }

  @Test
  void bareNodesBecomeAStagingClusterThatCanTakeRestores() {
    start(true);

    buildCluster();
    for (String node : NODES) {
      drill.createIsolatedBridge(STAGING, node, "vmbr9");
    }
    buildCeph();
    drill.awaitCephHealthy(STAGING, Duration.ofSeconds(30));
    staging.checkReady(STAGING, CEPH.pool(), "vmbr9");

    LabInspection seen = lab.inspect(STAGING);
    assertThat(seen.nodes()).allSatisfy(n -> {
      assertThat(n.cluster()).isEqualTo(CLUSTER);
      assertThat(n.bridges()).contains("vmbr9");
    });
    assertThat(tasks("cephcreateosd")).isEqualTo(6);
    assertThat(clients.pve().storage(CEPH.pool()).type()).isEqualTo("rbd");
  }

  @Test
  void everyStepRepeatedFindsItsWorkDone() {
    start(true);
    buildCluster();
    for (String node : NODES) {
      drill.createIsolatedBridge(STAGING, node, "vmbr9");
    }
    buildCeph();
    drill.awaitCephHealthy(STAGING, Duration.ofSeconds(30));
    Map<String, Integer> before = counts();

    buildCluster();
    for (String node : NODES) {
      drill.createIsolatedBridge(STAGING, node, "vmbr9");
    }
    buildCeph();
    drill.awaitCephHealthy(STAGING, Duration.ofSeconds(30));

    assertThat(counts()).isEqualTo(before);
    assertThat(before).containsEntry("clustercreate", 1).containsEntry("clusterjoin", 2).containsEntry("cephcreatemon", 3)
        .containsEntry("cephcreatemgr", 3).containsEntry("cephcreatepool", 1);
  }

  Map<String, Integer> counts() {
    return Map.of(
        "clustercreate", tasks("clustercreate"), "clusterjoin", tasks("clusterjoin"), "cephcreatemon", tasks("cephcreatemon"),
        "cephcreatemgr", tasks("cephcreatemgr"), "cephcreateosd", tasks("cephcreateosd"), "cephcreatepool", tasks("cephcreatepool"),
        "srvreload", tasks("srvreload"));
  }

  @Test
  void aTokenIsRefusedOnRootOnlyRoutesSoTheClientLogsInAsRoot() {
    start(true);

    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class,
        () -> clients.pveOn("stg1").post("/cluster/config", Map.of("clustername", CLUSTER), new TypeReference<String>() {}));
    drill.createCluster(STAGING, "stg1", CLUSTER);

    assertThat(refused.getType()).isEqualTo(FailureTypes.PERMISSION_DENIED);
    assertThat(refused.getOriginalMessage()).contains("root@pam");
    assertThat(lab.inspect(STAGING).nodes().get(0).cluster()).isEqualTo(CLUSTER);
  }

  @Test
  void aWrongRootPasswordFailsWithoutShowingIt() {
    start(true, "not-the-root-password");

    ApplicationFailure failure = failure(() -> drill.createCluster(STAGING, "stg1", CLUSTER));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AUTH_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("password of root@pam was refused").doesNotContain("not-the-root-password");
    assertThat(lab.inspect(STAGING).nodes().get(0).cluster()).isNull();
  }

  @Test
  void aNodeInAnotherClusterIsNotReady() {
    start(true);
    drill.createCluster(STAGING, "stg1", CLUSTER);

    ApplicationFailure failure = failure(() -> drill.createCluster(STAGING, "stg1", "other"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage()).contains("already in cluster stg-eu, not other").contains("reinstall");
  }

  @Test
  void joiningAPeerThatIsInNoClusterIsNotReady() {
    start(true);

    ApplicationFailure failure = failure(() -> drill.joinCluster(STAGING, "stg2", "stg1"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage()).contains("peer stg1 is in no cluster");
  }

  @Test
  void anExistingBridgeWithPortsIsNotTakenOver() {
    start(true);

    ApplicationFailure failure = failure(() -> drill.createIsolatedBridge(STAGING, "stg1", "vmbr0"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage()).contains("vmbr0 on node stg1 exists but is not an isolated bridge");
  }

  @Test
  void aDiskTheNodeDoesNotHaveIsNamed() {
    start(true);
    buildCluster();
    drill.initCeph(STAGING, "stg1", CEPH.network());
    drill.createMonitorAndManager(STAGING, "stg1");

    ApplicationFailure failure = failure(() -> drill.createOsds(STAGING, "stg1", List.of("/dev/nvme7n1")));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.getOriginalMessage()).contains("node stg1 has no disk /dev/nvme7n1");
  }

  @Test
  void cephThatNeverGetsHealthyTimesOut() {
    start(true);
    buildCluster();
    drill.initCeph(STAGING, "stg1", CEPH.network());
    drill.createMonitorAndManager(STAGING, "stg1");

    ApplicationFailure failure = failure(() -> drill.awaitCephHealthy(STAGING, Duration.ofMillis(300)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STAGING_NOT_READY);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("Ceph is not healthy within PT0.3S").contains("HEALTH_WARN");
  }

  @Test
  void aStorageIsRemovedOnce() {
    start(false);
    clients.pve().createRbdStorage("scratch", "ceph-vm");

    drill.removeStorage(STAGING, "scratch");
    drill.removeStorage(STAGING, "scratch");

    assertThat(clients.pve().storages()).noneMatch(s -> s.storage().equals("scratch"));
  }

  // ---------------------------------------------------------------- provisioning

  @Test
  void aReinstalledNodeIsWaitedForUntilItIsBareAndStandalone() {
    start(false);

    drill.provisionNode(STAGING, "stg3", Duration.ofSeconds(20));

    assertThat(reinstalls).hasValue(1);
    LabInspection.NodeInfo stg3 = lab.inspect(STAGING).nodes().get(2);
    assertThat(stg3.cluster()).isNull();
    assertThat(stg3.online()).isTrue();
  }

  @Test
  void aRetryAfterTheReinstallOnlyWaits() {
    start(false);
    lab.reinstall(STAGING, "stg3");
    env.setHeartbeatDetails(new DrillActivitiesImpl.ProvisionWait(System.currentTimeMillis(), true, "reinstalled"));

    drill.provisionNode(STAGING, "stg3", Duration.ofSeconds(20));

    assertThat(reinstalls).hasValue(0);
  }

  @Test
  void aNodeThatDoesNotComeBackBareFailsProvisioning() {
    start(false);
    provisioner = (site, node, timeout, heartbeat) -> reinstalls.incrementAndGet(); // reports success, does nothing

    ApplicationFailure failure = failure(() -> drill.provisionNode(STAGING, "stg2", Duration.ofMillis(300)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.PROVISIONING_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("node stg2").contains("still in cluster");
  }

  @Test
  void aFailedReinstallFailsProvisioning() {
    start(false);
    provisioner = new CommandNodeProvisioner(List.of("sh", "-c", "echo no PXE answer for $0 >&2; exit 4", "{node}"), Duration.ofSeconds(10));

    ApplicationFailure failure = failure(() -> drill.provisionNode(STAGING, "stg2", Duration.ofSeconds(5)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.PROVISIONING_FAILED);
    assertThat(failure.getOriginalMessage()).contains("exited with 4").contains("no PXE answer for stg2");
  }
}
