package dev.edgerunbooks.workers.central;

import static dev.edgerunbooks.workers.central.CommittedRunbooks.DR_DRILL;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.FLEET;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.PROBES;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.nonRetryable;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.drdrill.DrDrillLoader;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import dev.edgerunbooks.workflows.drdrill.DrillGuest;
import dev.edgerunbooks.workflows.drdrill.DrillPhase;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.StoreDrillPlan;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrDrillPlanActivitiesImplTest {
  private final DrDrillPlanActivitiesImpl planner = new DrDrillPlanActivitiesImpl(FLEET, DR_DRILL, PROBES);

  private static DrDrillRequest drill(String... stores) {
    return new DrDrillRequest(List.of(stores), false, "test");
  }

  @Test
  void aStoreIsRebuiltOnItsRegionsStagingNodes() {
    StoreDrillPlan plan = planner.plan(drill("store-0001")).stores().get(0);

    assertThat(plan.storeId()).isEqualTo("store-0001");
    assertThat(plan.cluster()).isEqualTo(new StagingCluster("eu-central"));
    assertThat(plan.nodes()).containsExactly("stg1", "stg2", "stg3");
    assertThat(plan.clusterName()).isEqualTo("drill");
    assertThat(plan.ceph()).isEqualTo(new CephPlan("10.99.0.0/24", "drill-vm", 3, 2, 128, List.of("/dev/nvme0n1", "/dev/nvme1n1")));
    assertThat(plan.isolatedBridge()).isEqualTo("vmbr9");
    assertThat(plan.source()).isEqualTo(new BackupSource("store-0001", "pbs-store-0001", "127.0.0.1", 20003, "store",
        FLEET.store("store-0001").orElseThrow().pbs().fingerprint(), "edgerun@pbs!runbooks"));
    assertThat(plan.targets()).isEqualTo(new DrillTargets(Duration.ofHours(26), Duration.ofHours(4), Map.of(
        DrillPhase.PROVISION, Duration.ofMinutes(45), DrillPhase.CLUSTER, Duration.ofMinutes(15),
        DrillPhase.CEPH, Duration.ofMinutes(30), DrillPhase.STORAGE, Duration.ofMinutes(5),
        DrillPhase.RESTORE, Duration.ofHours(2))));
    assertThat(plan).extracting(StoreDrillPlan::provisionTimeout, StoreDrillPlan::restoreTimeout,
            StoreDrillPlan::bootTimeout, StoreDrillPlan::siteResponseTimeout)
        .containsExactly(Duration.ofMinutes(45), Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(2));
  }

  @Test
  void everyGuestInTheDefinitionsBootOrderWithItsProbe() {
    List<DrillGuest> bootOrder = planner.plan(drill("store-0001")).stores().get(0).bootOrder();

    assertThat(bootOrder).extracting(DrillGuest::vmid, DrillGuest::role, DrillGuest::type).containsExactly(
        tuple(100, "dns", "lxc"), tuple(101, "tokenization", "qemu"), tuple(102, "inventory", "qemu"),
        tuple(103, "cache", "lxc"), tuple(104, "pos", "qemu"), tuple(105, "monitoring", "lxc"));
    assertThat(bootOrder.get(0).probe()).isEqualTo(new GuestProbe("dns", List.of(), 0, null, "eth0", Duration.ofMinutes(1)));
    assertThat(bootOrder.get(4).probe().command()).containsExactly("systemctl", "is-active", "--quiet", "pos-gateway");
    assertThat(bootOrder.get(4).probe().interfaceName()).isNull();
  }

  @Test
  void theBootOrderIsTheDefinitionsNotTheVmids() {
    var reordered = DrDrillLoader.parse(text(DrDrillLoader.FILE_NAME).replace(
        "bootOrder: [dns, tokenization, inventory, cache, pos, monitoring]",
        "bootOrder: [monitoring, cache, dns, pos, inventory, tokenization]"), "dr-drill.yaml");

    var plan = new DrDrillPlanActivitiesImpl(FLEET, reordered, PROBES).plan(drill("store-0001"));

    assertThat(plan.stores().get(0).bootOrder()).extracting(DrillGuest::role)
        .containsExactly("monitoring", "cache", "dns", "pos", "inventory", "tokenization");
  }

  @Test
  void storesInTheOrderAskedEachOnItsRegionsCluster() {
    DrDrillPlan plan = planner.plan(drill("store-0003", "store-0001", "store-0003"));
    assertThat(plan.stores()).extracting(StoreDrillPlan::storeId, s -> s.cluster().region())
        .containsExactly(tuple("store-0003", "us-east"), tuple("store-0001", "eu-central"));
    assertThat(plan.stores().get(0).nodes()).containsExactly("stg1", "stg2", "stg3");
  }

  @Test
  void aDrillNeedsAtLeastOneStore() {
    var failure = nonRetryable(FailureTypes.INVALID_REQUEST, () -> planner.plan(drill()));
    assertThat(failure.getOriginalMessage()).contains("at least one store");
  }

  @Test
  void unknownStoreIsANonRetryableFailureWithTheClosestId() {
    var failure = nonRetryable(FailureTypes.UNKNOWN_STORE, () -> planner.plan(drill("store-001")));
    assertThat(failure.getOriginalMessage()).contains("\"store-001\" (did you mean \"store-0001\"?)");
  }

  @Test
  void aRoleMissingFromTheBootOrderIsANonRetryableFailureNamingStoreGuestRoleAndFile() {
    var withoutCache = DrDrillLoader.parse(text(DrDrillLoader.FILE_NAME).replace("inventory, cache, pos", "inventory, pos"),
        "dr-drill.yaml");

    var failure = nonRetryable(FailureTypes.RUNBOOK_INVALID,
        () -> new DrDrillPlanActivitiesImpl(FLEET, withoutCache, PROBES).plan(drill("store-0002")));

    assertThat(failure.getOriginalMessage()).isEqualTo("dr-drill.yaml: 1 problem\n"
        + "dr-drill.yaml:29:12: bootOrder: role \"cache\" is not in the boot order, needed by store store-0002 guest 103"
        + " (cache, lxc) — add \"cache\" to bootOrder in dr-drill.yaml where it belongs in the dependency order");
  }
}
