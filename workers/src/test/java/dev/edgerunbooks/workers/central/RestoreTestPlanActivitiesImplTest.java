package dev.edgerunbooks.workers.central;

import static dev.edgerunbooks.workers.central.CommittedRunbooks.FLEET;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.PROBES;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.RESTORE_TEST;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.nonRetryable;
import static dev.edgerunbooks.workers.central.CommittedRunbooks.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.probes.ProbesLoader;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestLoader;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreTask;
import dev.edgerunbooks.workflows.restoretest.RestoreTestPlan;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import dev.edgerunbooks.workflows.restoretest.RestoreTimeouts;
import dev.edgerunbooks.workflows.restoretest.SelectionReason;
import dev.edgerunbooks.workflows.restoretest.StagingRestorePlan;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreTestPlanActivitiesImplTest {
  private static final RestoreTestRequest WHOLE_FLEET = new RestoreTestRequest(List.of(), null, false, "test");

  private final RestoreTestPlanActivitiesImpl planner = new RestoreTestPlanActivitiesImpl(FLEET, RESTORE_TEST, PROBES);

  private static List<GuestRestoreTask> guests(RestoreTestPlan plan) {
    return plan.regions().stream().flatMap(r -> r.guests().stream()).toList();
  }

  @Test
  void everyGuestOfTheFleetOnceEveryFourWeeksAcrossTheYearEnd() {
    List<String> tested = new ArrayList<>();
    IsoWeek week = IsoWeek.parse("2026-W51");
    for (int i = 0; i < 4; i++, week = week.plusWeeks(1)) {
      RestoreTestPlan plan = planner.plan(WHOLE_FLEET, week.toString());
      assertThat(plan.week()).isEqualTo(week.toString());
      assertThat(plan.rotationWeeks()).isEqualTo(4);
      assertThat(plan.guestCount()).as("about 120 guests / 4 weeks").isBetween(20, 40);
      guests(plan).forEach(g -> assertThat(g.reason()).isEqualTo(SelectionReason.ROTATION));
      guests(plan).forEach(g -> tested.add(g.key()));
    }
    assertThat(tested).doesNotHaveDuplicates().hasSize(FLEET.stores().stream().mapToInt(s -> s.guests().size()).sum());
  }

  @Test
  void theSameWeekGivesTheSamePlan() {
    assertThat(planner.plan(WHOLE_FLEET, "2026-W48")).isEqualTo(planner.plan(WHOLE_FLEET, "2026-W48"));
    assertThat(planner.plan(WHOLE_FLEET, "2026-w48")).as("canonical week").isEqualTo(planner.plan(WHOLE_FLEET, "2026-W48"));
    assertThat(planner.plan(new RestoreTestRequest(List.of(), "2026-W48", false, "test"), null))
        .as("the request's week when none is passed")
        .isEqualTo(planner.plan(WHOLE_FLEET, "2026-W48"));
  }

  @Test
  void oneStagingPlanPerRegionWithItsCapacityRangeAndTimeouts() {
    RestoreTestPlan plan = planner.plan(WHOLE_FLEET, "2026-W48");

    assertThat(plan.regions()).extracting(r -> r.cluster().region())
        .containsExactly("eu-central", "eu-west", "us-east", "us-west");
    StagingRestorePlan eu = plan.regions().get(0);
    assertThat(eu.cluster()).isEqualTo(new StagingCluster("eu-central"));
    assertThat(eu.capacity()).as("capacityByRegion").isEqualTo(6);
    assertThat(plan.regions().get(1).capacity()).as("the default").isEqualTo(4);
    assertThat(eu).extracting(StagingRestorePlan::firstVmid, StagingRestorePlan::lastVmid, StagingRestorePlan::storage,
        StagingRestorePlan::isolatedBridge).containsExactly(9000, 9099, "ceph-vm", "vmbr9");
    assertThat(eu.timeouts()).isEqualTo(new RestoreTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(2)));
    for (StagingRestorePlan region : plan.regions()) {
      assertThat(region.guests()).isNotEmpty().allSatisfy(g ->
          assertThat(FLEET.store(g.storeId()).orElseThrow().region()).isEqualTo(region.cluster().region()));
    }
  }

  @Test
  void eachTaskCarriesItsBackupSourceAndTheProbeForItsType() {
    StoreDefinition store = FLEET.store("store-0001").orElseThrow();
    List<GuestRestoreTask> all = new ArrayList<>();
    for (IsoWeek week = IsoWeek.parse("2026-W01"); week.week() <= 4; week = week.plusWeeks(1)) {
      all.addAll(guests(planner.plan(new RestoreTestRequest(List.of("store-0001"), null, false, "test"), week.toString())));
    }
    assertThat(all).extracting(GuestRestoreTask::vmid).containsExactlyInAnyOrder(100, 101, 102, 103, 104, 105);

    GuestRestoreTask dns = all.stream().filter(g -> g.vmid() == 100).findFirst().orElseThrow();
    assertThat(dns).extracting(GuestRestoreTask::storeId, GuestRestoreTask::name, GuestRestoreTask::role,
        GuestRestoreTask::type).containsExactly("store-0001", "dns", "dns", "lxc");
    assertThat(dns.source()).isEqualTo(new BackupSource("store-0001", "pbs-store-0001", "127.0.0.1", 20003, "store",
        store.pbs().fingerprint(), "edgerun@pbs!runbooks"));
    assertThat(dns.probe()).isEqualTo(new GuestProbe("dns", List.of(), 0, null, "eth0", Duration.ofMinutes(1)));

    GuestRestoreTask pos = all.stream().filter(g -> g.vmid() == 104).findFirst().orElseThrow();
    assertThat(pos.type()).isEqualTo("qemu");
    assertThat(pos.probe()).isEqualTo(new GuestProbe("pos", List.of("systemctl", "is-active", "--quiet", "pos-gateway"),
        0, null, null, Duration.ofMinutes(3)));
    GuestRestoreTask inventory = all.stream().filter(g -> g.vmid() == 102).findFirst().orElseThrow();
    assertThat(inventory.probe().expectOutput()).isEqualTo("\"status\":\"UP\"");
    assertThat(inventory.probe().timeout()).as("default").isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void guestsThatFailedLastTimeAreTestedAgain() {
    RestoreTestRequest store1 = new RestoreTestRequest(List.of("store-0001"), null, false, "test");
    List<Integer> due = guests(planner.plan(store1, "2026-W48")).stream().map(GuestRestoreTask::vmid).toList();
    int notDue = List.of(100, 101, 102, 103, 104, 105).stream().filter(v -> !due.contains(v)).findFirst().orElseThrow();
    List<String> asked = new ArrayList<>();
    RestoreTestFailures failures = week -> {
      asked.add(week);
      return Set.of("store-0001/" + notDue, "store-0001/" + due.get(0), "store-0002/100", "store-0001/999");
    };

    RestoreTestPlan plan = new RestoreTestPlanActivitiesImpl(FLEET, RESTORE_TEST, PROBES, failures).plan(store1, "2026-W48");

    assertThat(asked).containsExactly("2026-W48");
    assertThat(guests(plan)).extracting(GuestRestoreTask::vmid, GuestRestoreTask::reason)
        .contains(tuple(notDue, SelectionReason.LAST_FAILED), tuple(due.get(0), SelectionReason.LAST_FAILED))
        .hasSize(due.size() + 1)
        .extracting(t -> (Integer) t.toArray()[0]).isSorted();
    assertThat(guests(plan)).allMatch(g -> g.storeId().equals("store-0001"));
  }

  @Test
  void retestFailedFalseIgnoresEarlierFailures() {
    var noRetest = RestoreTestLoader.parse(text(RestoreTestLoader.FILE_NAME).replace("retestFailed: true", "retestFailed: false"),
        "restore-test.yaml");
    RestoreTestFailures failures = week -> Set.of("store-0001/100", "store-0001/101", "store-0001/102");
    RestoreTestRequest store1 = new RestoreTestRequest(List.of("store-0001"), null, false, "test");

    assertThat(new RestoreTestPlanActivitiesImpl(FLEET, noRetest, PROBES, failures).plan(store1, "2026-W48"))
        .isEqualTo(planner.plan(store1, "2026-W48"));
  }

  @Test
  void unknownStoreIsANonRetryableFailureWithTheClosestId() {
    var failure = nonRetryable(FailureTypes.UNKNOWN_STORE,
        () -> planner.plan(new RestoreTestRequest(List.of("store-0001", "stroe-0002"), null, false, "test"), "2026-W48"));
    assertThat(failure.getOriginalMessage()).contains("\"stroe-0002\" (did you mean \"store-0002\"?)");
  }

  @Test
  void aMalformedWeekIsANonRetryableFailure() {
    var failure = nonRetryable(FailureTypes.INVALID_REQUEST, () -> planner.plan(WHOLE_FLEET, "2026-48"));
    assertThat(failure.getOriginalMessage())
        .isEqualTo("restore test week: \"2026-48\" is not an ISO week; write an ISO week as YYYY-Www, e.g. 2026-W48");
    nonRetryable(FailureTypes.INVALID_REQUEST, () -> planner.plan(WHOLE_FLEET, null));
  }

  @Test
  void definitionsThatDoNotFitTheFleetAreANonRetryableFailureListingEveryProblem() {
    var probes = ProbesLoader.parse(text(ProbesLoader.FILE_NAME).replace("  pos:\n", "  pso:\n"), "probes.yaml");
    var restoreTest = RestoreTestLoader.parse(text(RestoreTestLoader.FILE_NAME).replace("eu-central: 6", "eu-centrl: 6"),
        "restore-test.yaml");

    var failure = nonRetryable(FailureTypes.RUNBOOK_INVALID,
        () -> new RestoreTestPlanActivitiesImpl(FLEET, restoreTest, probes).plan(WHOLE_FLEET, "2026-W48"));

    assertThat(failure.getOriginalMessage())
        .startsWith("probes.yaml, restore-test.yaml: 2 problems\n")
        .contains("probes.yaml:13:3: probes: no probe for role \"pos\", needed by store store-0001 guest 104"
            + " (pos-gateway, qemu), store store-0002 guest 104 (pos-gateway, qemu), store store-0003 guest 104"
            + " (pos-gateway, qemu), … (17 more) — did you mean \"pso\"?")
        .contains("restore-test.yaml:20:5: staging.capacityByRegion.eu-centrl: unknown region \"eu-centrl\""
            + " — did you mean \"eu-central\"?");
  }
}
