package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.TaskQueues;
import dev.edgerunbooks.workflows.drdrill.DrDrillPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import dev.edgerunbooks.workflows.drdrill.DrDrillSummary;
import dev.edgerunbooks.workflows.drdrill.DrDrillWorkflow;
import dev.edgerunbooks.workflows.drdrill.DrillPhase;
import dev.edgerunbooks.workflows.drdrill.DrillProgress;
import dev.edgerunbooks.workflows.drdrill.DrillReportKeys;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.DrillVerdict;
import dev.edgerunbooks.workflows.drdrill.StoreDrillOutcome;
import dev.edgerunbooks.workflows.drdrill.StoreDrillPlan;
import dev.edgerunbooks.workflows.drdrill.StoreDrillReport;
import dev.edgerunbooks.workflows.drdrill.StoreDrillWorkflow;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreResult;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreTask;
import dev.edgerunbooks.workflows.restoretest.RestoreFailureKind;
import dev.edgerunbooks.workflows.restoretest.RestoreTestPlan;
import dev.edgerunbooks.workflows.restoretest.RestoreTestProgress;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import dev.edgerunbooks.workflows.restoretest.RestoreTestSummary;
import dev.edgerunbooks.workflows.restoretest.RestoreTestWorkflow;
import dev.edgerunbooks.workflows.restoretest.SelectionReason;
import dev.edgerunbooks.workflows.restoretest.StagingRestorePlan;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreProgress;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreResult;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreWorkflow;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code run restore-test}, {@code run dr-drill} and {@code status} against Temporal's test server,
 * with stand-in workflows that keep the contracts: start, progress of the run and its staging
 * workflows, summary, exit code.
 */
class RunbookRunsTest {
  private static TestServer.PortBoundTestServer server;
  private static WorkflowServiceStubs service;
  private static WorkerFactory workers;
  private static String address;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startTemporalAndWorkers() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port, true);
    address = "127.0.0.1:" + port;
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    workers = WorkerFactory.newInstance(WorkflowClient.newInstance(service));
    Worker worker = workers.newWorker(TaskQueues.CENTRAL);
    worker.registerWorkflowImplementationTypes(
        FakeRestoreTest.class, FakeStagingRestore.class, FakeDrDrill.class, FakeStoreDrill.class);
    workers.start();
  }

  @AfterAll
  static void stop() {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
    service.shutdownNow();
    server.close();
  }

  private int edgerun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", address));
    return Edgerun.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }

  @Test
  void aRestoreTestWithAFailedGuestShowsGuestProgressThenTheFailureAndExitsOne() {
    int exit = edgerun("run", "restore-test", "--week", "2026-W48", "--wait", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(err.toString())
        .contains("started restore-test/2026-W48  (follow it with: edgerun status restore-test/2026-W48)")
        .containsPattern("\\] [0-2]/2 guests .*\\(restoring: eu-central [0-2]/2\\)");
    assertThat(out.toString())
        .contains("restore-test/2026-W48: week 2026-W48, 2 guests, 1 passed, 1 failed")
        .containsPattern("store-0001/101 pos-db +PROBE_FAILED +RPO 20h +RTO 4m +exit 3");

    out.getBuffer().setLength(0);
    assertThat(edgerun("status", "restore-test/2026-W48")).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString()).contains("2 guests, 1 passed, 1 failed");
  }

  @Test
  void aRestoreTestDryRunWaitsAndPrintsThePlanUnderItsOwnId() {
    int exit = edgerun("run", "restore-test", "--week", "2026-W47", "--dry-run", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .containsPattern("restore-test/2026-W47/dry-run-\\d+: dry run for week 2026-W47, nothing was restored")
        .contains("eu-central: staging cluster staging-eu-central");
  }

  @Test
  void aSecondStartOfARunningRestoreTestIsRefused() {
    assertThat(edgerun("run", "restore-test", "--week", "2026-W46", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().trim()).isEqualTo("restore-test/2026-W46");

    assertThat(edgerun("run", "restore-test", "--week", "2026-W46", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("restore-test/2026-W46 is already running; follow it with: edgerun status restore-test/2026-W46");

    out.getBuffer().setLength(0);
    assertThat(edgerun("status", "restore-test/2026-W46")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("restore-test/2026-W46: running").contains(" guests ");
  }

  @Test
  void aDrillShowsThePhaseOfEachStoreThenRtoAndRpoAgainstTheTargetsOfItsReports() {
    int exit = edgerun("run", "dr-drill", "--store", "store-0001", "--store", "store-0002", "--wait", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(err.toString()).containsPattern("guests ready  \\(store-0001 RESTORE\\)");
    assertThat(out.toString())
        .containsPattern("dr-drill/\\d{4}-\\d{2}-\\d{2}/store-0001\\+1: 2 stores, 1 passed, 1 targets missed")
        .containsPattern("store-0001 +PASSED +RTO 3h \\(target 4h, met\\) +worst RPO 20h \\(target 26h, met\\)")
        .containsPattern("store-0002 +TARGETS_MISSED +RTO 5h \\(target 4h, MISSED\\)");
  }

  @Test
  void statusOfAnUnknownRunIsNotFound() {
    assertThat(edgerun("status", "restore-test/1999-W01")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString()).contains("no run with id restore-test/1999-W01");
  }

  // --- stand-ins that keep the contracts of the workflows module; their staging workflows take ids
  // under staging/<region>/ rather than the lease itself, so the tests' runs never wait for each other

  private static final StagingCluster EU_CENTRAL = new StagingCluster("eu-central");

  public static class FakeRestoreTest implements RestoreTestWorkflow {
    private RestoreTestProgress progress = new RestoreTestProgress("planning", 0, 0, 0, 0, List.of());

    @Override
    public RestoreTestSummary run(RestoreTestRequest request) {
      StagingRestorePlan region =
          new StagingRestorePlan(EU_CENTRAL, 1, 9000, 9001, "local-lvm", "vmbr-iso", null,
              List.of(task(100, "dns"), task(101, "pos-db")));
      RestoreTestPlan plan = new RestoreTestPlan(request.week(), 8, List.of(region));
      String id = Workflow.getInfo().getWorkflowId();
      if (request.dryRun()) {
        return new RestoreTestSummary(id, request.week(), true, plan, 2, 0, 0, List.of(), 0, null, null);
      }
      progress = new RestoreTestProgress("restoring", 2, 0, 0, 0, List.of(EU_CENTRAL.leaseWorkflowId() + "/" + request.week()));
      StagingRestoreWorkflow staging =
          Workflow.newChildWorkflowStub(
              StagingRestoreWorkflow.class,
              ChildWorkflowOptions.newBuilder().setWorkflowId(progress.regionsRunning().get(0)).build());
      StagingRestoreResult result = staging.run(region);
      List<GuestRestoreResult> failures = result.guests().stream().filter(g -> !g.passed()).toList();
      progress = new RestoreTestProgress("done", 2, 2, 2 - failures.size(), failures.size(), List.of());
      return new RestoreTestSummary(id, request.week(), false, null, 2, 2 - failures.size(), failures.size(),
          failures, 0, "reports/restore-test/" + request.week() + ".json", null);
    }

    @Override
    public RestoreTestProgress progress() {
      return progress;
    }

    private static GuestRestoreTask task(int vmid, String name) {
      return new GuestRestoreTask("store-0001", vmid, name, name, "qemu", SelectionReason.ROTATION, null, null);
    }
  }

  public static class FakeStagingRestore implements StagingRestoreWorkflow {
    private StagingRestoreProgress progress = new StagingRestoreProgress("eu-central", 2, 0, 0, 0, List.of());

    @Override
    public StagingRestoreResult run(StagingRestorePlan plan) {
      List<GuestRestoreResult> results = new ArrayList<>();
      for (GuestRestoreTask task : plan.guests()) {
        progress = new StagingRestoreProgress("eu-central", 2, results.size(), results.size(), 0, List.of(task.key()));
        Workflow.sleep(Duration.ofMillis(1500));
        boolean passed = task.vmid() == 100;
        results.add(
            new GuestRestoreResult(task.storeId(), task.vmid(), task.name(), task.role(), task.type(), task.reason(),
                9000, "stg1", passed, passed ? null : RestoreFailureKind.PROBE_FAILED, passed ? null : "exit 3",
                null, Duration.ofHours(20), null, null, null, Duration.ofMinutes(4), true));
      }
      return new StagingRestoreResult("eu-central", results, List.of());
    }

    @Override
    public StagingRestoreProgress progress() {
      return progress;
    }

    @Override
    public void abort(String reason) {}
  }

  public static class FakeDrDrill implements DrDrillWorkflow {
    @Override
    public DrDrillSummary run(DrDrillRequest request) {
      String id = Workflow.getInfo().getWorkflowId();
      if (request.dryRun()) {
        return new DrDrillSummary(id, true, new DrDrillPlan(List.of()), List.of());
      }
      List<StoreDrillOutcome> outcomes = new ArrayList<>();
      for (String store : request.stores()) {
        StoreDrillWorkflow drill =
            Workflow.newChildWorkflowStub(
                StoreDrillWorkflow.class,
                ChildWorkflowOptions.newBuilder().setWorkflowId(EU_CENTRAL.leaseWorkflowId() + "/" + id).build());
        StoreDrillReport report =
            drill.drill(
                new StoreDrillPlan(store, EU_CENTRAL, List.of("stg1"), "drill", null, "vmbr-iso", null, List.of(),
                    new DrillTargets(Duration.ofHours(26), Duration.ofHours(4), null), null, null, null, null),
                request.requestedBy());
        outcomes.add(
            new StoreDrillOutcome(store, report.verdict(), null, report.rto(), report.worstRpo(),
                new DrillReportKeys("drills/" + store + ".json", "drills/" + store + ".md", "drills/" + store + ".sig")));
      }
      return new DrDrillSummary(id, false, null, outcomes);
    }
  }

  public static class FakeStoreDrill implements StoreDrillWorkflow {
    private DrillProgress progress;

    @Override
    public StoreDrillReport drill(StoreDrillPlan plan, String requestedBy) {
      progress = new DrillProgress(plan.storeId(), DrillPhase.RESTORE, 1, 3, "restore 102");
      Workflow.sleep(Duration.ofMillis(1500));
      boolean first = plan.storeId().equals("store-0001");
      Duration rto = Duration.ofHours(first ? 3 : 5);
      return new StoreDrillReport(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId(), plan.storeId(),
          "eu-central", requestedBy, null, null, first ? DrillVerdict.PASSED : DrillVerdict.TARGETS_MISSED, null,
          List.of(), rto, plan.targets().rto(), first, Duration.ofHours(20), plan.targets().rpo(), true, List.of(), true);
    }

    @Override
    public DrillProgress progress() {
      return progress;
    }

    @Override
    public void abort(String reason) {}
  }
}
