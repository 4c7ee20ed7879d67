package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyProgress;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import dev.edgerunbooks.workflows.backupverify.GuestExpectation;
import dev.edgerunbooks.workflows.backupverify.StoreVerifyPlan;
import dev.edgerunbooks.workflows.common.FailureTypes;
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
import dev.edgerunbooks.workflows.evidence.EvidenceDay;
import dev.edgerunbooks.workflows.evidence.EvidencePlan;
import dev.edgerunbooks.workflows.evidence.EvidenceProgress;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import dev.edgerunbooks.workflows.evidence.EvidenceSummary;
import dev.edgerunbooks.workflows.evidence.EvidenceWorkflow;
import dev.edgerunbooks.workflows.evidence.StoreEvidencePlan;
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
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code run restore-test}, {@code run dr-drill}, {@code run evidence}, {@code run backup-verify
 * --dry-run} and {@code status} against
 * Temporal's test server,
 * with stand-in workflows that keep the contracts: start, progress of the run and its staging
 * workflows, summary, exit code.
 */
class RunbookRunsTest {
  private static CliTestServer temporal;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startTemporalAndWorkers() {
    temporal =
        CliTestServer.start(
            FakeRestoreTest.class, FakeStagingRestore.class, FakeDrDrill.class, FakeStoreDrill.class,
            FakeEvidence.class, FakeBackupVerify.class);
  }

  @AfterAll
  static void stop() {
    temporal.close();
  }

  private int edgerun(String... args) {
    return temporal.edgerun(out, err, args);
  }

  /** The request a run was started with, as its history records it. */
  private static <T> T startedWith(String workflowId, Class<T> type) {
    return temporal.startedWith(workflowId, type);
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

  @Test
  void anEvidenceDryRunPrintsTheDayItsFileTheDayItLinksToAndTheStores() {
    int exit = edgerun("run", "evidence", "--date", "2026-11-20", "--stores", "store-0003", "--dry-run",
        "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .containsPattern("evidence/2026-11-20/dry-run-\\d+: dry run for day 2026-11-20, nothing was collected")
        .contains("file:     audit/edge/2026-11-20.json")
        .contains("previous: audit/edge/2026-11-19.json")
        .contains("1 stores, only the stores asked for")
        .containsPattern("store-0003 +on site-store-0003, its worker answers within 2m");
    EvidenceRequest sent = FakeEvidence.requestOf("evidence/2026-11-20/dry-run-");
    assertThat(sent.date()).isEqualTo("2026-11-20");
    assertThat(sent.stores()).containsExactly("store-0003");
    assertThat(sent.concurrency()).isEqualTo(20);
    assertThat(sent.dryRun()).isTrue();
  }

  @Test
  void anEvidenceRunWithAStoreNotCollectedShowsProgressThenTheDayAndWhyAndExitsOne() {
    int exit = edgerun("run", "evidence", "--date", "2026-11-21", "--concurrency", "2", "--wait",
        "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(err.toString())
        .contains("started evidence/2026-11-21  (follow it with: edgerun status evidence/2026-11-21)")
        .containsPattern("\\] [0-3]/3 stores  [01] not collected  \\(collecting\\)");
    String summary = out.toString();
    assertThat(summary)
        .contains("evidence/2026-11-21: day 2026-11-21, 3 stores, 2 collected, 1 not collected")
        .contains("file:       audit/edge/2026-11-21.json")
        .contains("sha256:     " + FakeEvidence.SHA256)
        .contains("fleet root: " + FakeEvidence.FLEET_ROOT)
        .contains("previous:   audit/edge/2026-11-20.json")
        .contains("retention:  object-lock COMPLIANCE until 2033-11-21T00:00:00Z")
        .contains("drift:      audit/edge/drift/2026-11-21.json, 1 store changed")
        .contains("runs recorded: 2")
        .contains("not collected:\n  store-0002: the store's worker did not answer within 2m");
    assertThat(FakeEvidence.requestOf("evidence/2026-11-21").concurrency()).isEqualTo(2);

    out.getBuffer().setLength(0);
    assertThat(edgerun("status", "evidence/2026-11-21")).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString()).isEqualTo(summary);

    err.getBuffer().setLength(0);
    assertThat(edgerun("run", "evidence", "--date", "2026-11-21", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("evidence/2026-11-21 has already run (completed) and is not run again; "
            + "its result: edgerun status evidence/2026-11-21");
  }

  @Test
  void withoutDateEvidenceRecordsTodayInUtcUnderTheIdOfThatDay() {
    String today = LocalDate.now(ZoneOffset.UTC).toString();

    assertThat(edgerun("run", "evidence", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);

    assertThat(out.toString().trim()).isEqualTo("evidence/" + today);
    assertThat(startedWith("evidence/" + today, EvidenceRequest.class).date()).isEqualTo(today);
  }

  @Test
  void aMalformedOrFutureEvidenceDateIsAUsageErrorAndStartsNothing() {
    assertThat(edgerun("run", "evidence", "--date", "2999-01-01", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(edgerun("run", "evidence", "--date", "24.11.2026", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString())
        .contains("--date 2999-01-01 is after today")
        .contains("--date \"24.11.2026\" is not a date; write a date as YYYY-MM-DD, e.g. 2026-11-24")
        .doesNotContain("started");
    assertThat(out.toString()).isEmpty();
    assertThat(edgerun("status", "evidence/2999-01-01")).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void anEvidenceDayTheRunRefusesIsAUsageError() {
    int exit = edgerun("run", "evidence", "--date", "2026-11-22", "--wait", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("refused before anything started: audit/edge/2026-11-22.json exists already; evidence is append-only");
  }

  @Test
  void aBackupVerifyDryRunWaitsAndPrintsEachStoresGuestsUnderItsOwnId() {
    int exit = edgerun("run", "backup-verify", "--stores", "store-0001,store-0002", "--concurrency", "7", "--dry-run",
        "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    String printed = out.toString();
    Matcher id = Pattern.compile("^(backup-verify/\\d{4}-\\d\\d-\\d\\dT\\d{6}Z/dry-run-\\d+): dry run, no store was asked"
        + " anything$", Pattern.MULTILINE).matcher(printed);
    assertThat(id.find()).as(printed).isTrue();
    assertThat(err.toString()).contains("started " + id.group(1) + "  (follow it with: edgerun status " + id.group(1) + ")");
    assertThat(printed)
        .contains("\nstore-0001: 2 guests, offsite copy at most 26h old, its worker answers within 2m\n")
        .containsPattern("\n  100 +dns +dns +RPO 26h\n  101 +pos-db +database +RPO 4h\n"
            + "  \\(any other guest on its cluster\\) +RPO 26h\n")
        .contains("\nstore-0002: 2 guests, ")
        .endsWith("\n2 stores, 4 guests would be verified (and any other guest the stores' clusters have)\n");
    BackupVerifyRequest sent = startedWith(id.group(1), BackupVerifyRequest.class);
    assertThat(sent).isEqualTo(new BackupVerifyRequest(List.of("store-0001", "store-0002"), 7, true, sent.requestedBy()));

    out.getBuffer().setLength(0);
    assertThat(edgerun("status", id.group(1))).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo(printed);
  }

  @Test
  void aBackupVerifyDryRunWithJsonPrintsTheSummaryWithItsPlan() throws Exception {
    assertThat(edgerun("run", "backup-verify", "--dry-run", "--json", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);

    JsonNode summary = new ObjectMapper().readTree(out.toString());
    assertThat(summary.get("workflowId").asText()).matches("backup-verify/[0-9TZ-]+/dry-run-\\d+");
    assertThat(summary.get("dryRun").asBoolean()).isTrue();
    assertThat(summary.get("reportKey").isNull()).isTrue();
    JsonNode plan = summary.get("plan");
    assertThat(plan).hasSize(3);
    assertThat(plan.get(2).get("storeId").asText()).isEqualTo("store-0003");
    JsonNode guest = plan.get(0).get("guests").get(1);
    assertThat(guest.get("vmid").asInt()).isEqualTo(101);
    assertThat(guest.get("role").asText()).isEqualTo("database");
    assertThat(guest.get("rpo").asText()).isEqualTo("PT4H");
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

  public static class FakeEvidence implements EvidenceWorkflow {
    static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String FLEET_ROOT = "4f3c2a1b";
    static final Map<String, EvidenceRequest> requests = new ConcurrentHashMap<>();

    private EvidenceProgress progress = new EvidenceProgress("planning", 0, 0, 0, List.of());

    /** The request of the run whose id starts with {@code prefix}. */
    static EvidenceRequest requestOf(String prefix) {
      return requests.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElseThrow();
    }

    @Override
    public EvidenceSummary run(EvidenceRequest request) {
      String id = Workflow.getInfo().getWorkflowId();
      requests.put(id, request);
      String date = request.date();
      String key = "audit/edge/" + date + ".json";
      if (date.equals("2026-11-22")) {
        throw ApplicationFailure.newNonRetryableFailure(
            key + " exists already; evidence is append-only", FailureTypes.INVALID_REQUEST);
      }
      List<String> ids =
          request.stores().isEmpty() ? List.of("store-0001", "store-0002", "store-0003") : request.stores();
      String previous = "audit/edge/" + LocalDate.parse(date).minusDays(1) + ".json";
      EvidencePlan plan =
          new EvidencePlan(date, key, previous, request.stores().isEmpty(),
              ids.stream().map(s -> new StoreEvidencePlan(s, TaskQueues.site(s), Duration.ofMinutes(2))).toList());
      if (request.dryRun()) {
        return new EvidenceSummary(id, date, true, plan, ids.size(), 0, List.of(), 0, null);
      }
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        progress = new EvidenceProgress("collecting", ids.size(), i, failures.size(), List.of(ids.get(i)));
        Workflow.sleep(Duration.ofMillis(600));
        if (ids.get(i).equals("store-0002")) {
          failures.add("store-0002: the store's worker did not answer within 2m");
        }
      }
      progress = new EvidenceProgress("done", ids.size(), ids.size(), failures.size(), List.of());
      EvidenceDay day =
          new EvidenceDay(key, SHA256, FLEET_ROOT, previous, "object-lock COMPLIANCE until 2033-11-21T00:00:00Z",
              "audit/edge/drift/" + date + ".json", 1);
      return new EvidenceSummary(
          id, date, false, plan, ids.size(), ids.size() - failures.size(), failures, 2, day);
    }

    @Override
    public EvidenceProgress progress() {
      return progress;
    }
  }

  /** Plans two guests a store (the whole fleet is store-0001..0003); a real run passes them all. */
  public static class FakeBackupVerify implements BackupVerifyWorkflow {
    private BackupVerifyProgress progress = new BackupVerifyProgress("planning", 0, 0, 0, 0, 0, List.of());

    @Override
    public BackupVerifySummary run(BackupVerifyRequest request) {
      String id = Workflow.getInfo().getWorkflowId();
      List<String> ids =
          request.stores().isEmpty() ? List.of("store-0001", "store-0002", "store-0003") : request.stores();
      List<StoreVerifyPlan> plan =
          ids.stream()
              .map(store -> new StoreVerifyPlan(store,
                  List.of(new GuestExpectation(100, "dns", "dns", Duration.ofHours(26)),
                      new GuestExpectation(101, "pos-db", "database", Duration.ofHours(4))),
                  Duration.ofHours(26), Duration.ofMinutes(2), Duration.ofHours(26)))
              .toList();
      if (request.dryRun()) {
        progress = new BackupVerifyProgress("dry run done", ids.size(), 0, 0, 0, 0, List.of());
        return new BackupVerifySummary(id, true, plan, ids.size(), 0, 0, 0, List.of(), 0, null);
      }
      progress = new BackupVerifyProgress("done", ids.size(), ids.size(), ids.size(), 0, 0, List.of());
      return new BackupVerifySummary(id, false, List.of(), ids.size(), ids.size(), 0, 0, List.of(), 0, "reports/x.json");
    }

    @Override
    public BackupVerifyProgress progress() {
      return progress;
    }
  }
}
