package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A planner that returns a fixed plan and a report sink, for the restore test workflow tests. */
final class RestoreTestFixtures {
  // short, because the test server does not skip time while an activity task waits in a queue
  static final Duration SITE_RESPONSE = Duration.ofSeconds(2);
  static final int FIRST_VMID = 9000;

  private RestoreTestFixtures() {}

  static GuestRestoreTask task(String store, int vmid, SelectionReason reason) {
    String type = vmid % 2 == 1 ? "qemu" : "lxc";
    return new GuestRestoreTask(
        store,
        vmid,
        "guest-" + vmid,
        "role-" + vmid,
        type,
        reason,
        new BackupSource(store, BackupSource.storageIdFor(store), "127.0.0.1", 8007, "store", "AA:BB", "edgerun@pbs!runbooks"),
        new GuestProbe("role-" + vmid, List.of("true"), 0, null, "eth0", Duration.ofMinutes(1)));
  }

  /** One region, the given stores with guests 101 and 102 each. */
  static RestoreTestPlan plan(int capacity, String... stores) {
    List<GuestRestoreTask> guests = new ArrayList<>();
    for (String store : stores) {
      guests.add(task(store, 101, SelectionReason.ROTATION));
      guests.add(task(store, 102, SelectionReason.LAST_FAILED));
    }
    StagingRestorePlan region =
        new StagingRestorePlan(
            new StagingCluster("eu-central"),
            capacity,
            FIRST_VMID,
            FIRST_VMID + 99,
            "ceph-vm",
            "vmbr9",
            new RestoreTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(5), SITE_RESPONSE),
            guests);
    return new RestoreTestPlan("2026-W48", 4, List.of(region));
  }

  static final class FixedPlanner implements RestoreTestPlanActivities {
    final RestoreTestPlan plan;
    final List<String> weeksAsked = new CopyOnWriteArrayList<>();

    FixedPlanner(RestoreTestPlan plan) {
      this.plan = plan;
    }

    @Override
    public RestoreTestPlan plan(RestoreTestRequest request, String week) {
      weeksAsked.add(week);
      return plan;
    }
  }

  static final class RecordingReports implements RestoreTestReportActivities {
    final List<RestoreTestReport> written = new CopyOnWriteArrayList<>();

    @Override
    public RestoreTestReportKeys writeReport(RestoreTestReport report) {
      written.add(report);
      return new RestoreTestReportKeys(
          "reports/restore-test/" + report.week() + "/" + report.runId() + ".json", "reports/restore-test/trend.md");
    }
  }
}
