package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillSummary;
import dev.edgerunbooks.workflows.drdrill.DrillGuest;
import dev.edgerunbooks.workflows.drdrill.DrillPhase;
import dev.edgerunbooks.workflows.drdrill.DrillProgress;
import dev.edgerunbooks.workflows.drdrill.DrillReportKeys;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.DrillVerdict;
import dev.edgerunbooks.workflows.drdrill.StoreDrillOutcome;
import dev.edgerunbooks.workflows.drdrill.StoreDrillPlan;
import dev.edgerunbooks.workflows.evidence.EvidenceDay;
import dev.edgerunbooks.workflows.evidence.EvidencePlan;
import dev.edgerunbooks.workflows.evidence.EvidenceProgress;
import dev.edgerunbooks.workflows.evidence.EvidenceSummary;
import dev.edgerunbooks.workflows.evidence.StoreEvidencePlan;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreResult;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreTask;
import dev.edgerunbooks.workflows.restoretest.RestoreFailureKind;
import dev.edgerunbooks.workflows.restoretest.RestoreTestPlan;
import dev.edgerunbooks.workflows.restoretest.RestoreTestProgress;
import dev.edgerunbooks.workflows.restoretest.RestoreTestSummary;
import dev.edgerunbooks.workflows.restoretest.RestoreTimeouts;
import dev.edgerunbooks.workflows.restoretest.SelectionReason;
import dev.edgerunbooks.workflows.restoretest.StagingRestorePlan;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreProgress;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The printed results and dry-run plans of the restore test, the DR drill and the evidence run, from
 * constructed records.
 */
class SummariesTest {
  private static final GuestProbe POS_PROBE =
      new GuestProbe("pos", List.of("systemctl", "is-active", "pos"), 0, "active", null, Duration.ofSeconds(30));
  private static final GuestProbe DNS_PROBE = new GuestProbe("dns", List.of(), 0, null, "eth0", Duration.ofMinutes(1));
  private static final BackupSource SOURCE =
      new BackupSource("store-0001", "pbs-store-0001", "10.1.0.5", 8007, "store", "AA:BB", "edgerun@pbs!restore");

  private final StringWriter out = new StringWriter();
  private final Output output = new Output(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

  // --- restore test

  @Test
  void aRestoreTestThatPassedPrintsItsCountsAndReportsAndExitsZero() {
    RestoreTestSummary passed =
        new RestoreTestSummary("restore-test/2026-W48", "2026-W48", false, null, 12, 12, 0, List.of(), 0,
            "reports/restore-test/2026-W48/r1.json", "reports/restore-test/trend.md");

    assertThat(Summaries.printRestoreTest(output, passed, false)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("restore-test/2026-W48: week 2026-W48, 12 guests, 12 passed, 0 failed")
        .contains("report: reports/restore-test/2026-W48/r1.json")
        .contains("trend:  reports/restore-test/trend.md")
        .doesNotContain("failures:");
  }

  @Test
  void aRestoreTestWithFailuresListsEachWithKindDetailRpoAndRtoAndExitsOne() {
    GuestRestoreResult probeFailed =
        failure("store-0001", 101, "pos-db", RestoreFailureKind.PROBE_FAILED, "exit 3: pos inactive",
            Duration.ofHours(20).plusMinutes(5).plusMillis(300), Duration.ofMinutes(4).plusSeconds(12), true);
    GuestRestoreResult leftOver =
        failure("store-0002", 100, "dns", RestoreFailureKind.NO_BOOT, "no address on eth0 after 5m",
            Duration.ofDays(1), null, false);
    RestoreTestSummary failed =
        new RestoreTestSummary("restore-test/2026-W48", "2026-W48", false, null, 12, 10, 2,
            List.of(probeFailed, leftOver), 3, "reports/r.json", null);

    assertThat(Summaries.printRestoreTest(output, failed, false)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .contains("12 guests, 10 passed, 2 failed")
        .contains("failures:")
        .containsPattern("store-0001/101 pos-db +PROBE_FAILED +RPO 20h5m +RTO 4m12s +exit 3: pos inactive")
        .containsPattern("store-0002/100 dns +NO_BOOT +RPO 1d +RTO - +no address on eth0 after 5m; "
            + "LEFT ON STAGING as 9001 on stg2")
        .contains("… and 3 more in the report")
        .doesNotContain("trend:");
  }

  @Test
  void aRestoreTestAsJsonIsTheSummaryAndKeepsTheExitCode() {
    RestoreTestSummary failed =
        new RestoreTestSummary("restore-test/2026-W48", "2026-W48", false, null, 1, 0, 1,
            List.of(failure("store-0001", 101, "pos-db", RestoreFailureKind.BACKUP_MISSING, "no backup", null, null, true)),
            0, "reports/r.json", "reports/t.md");

    assertThat(Summaries.printRestoreTest(output, failed, true)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString()).contains("\"failure\" : \"BACKUP_MISSING\"").contains("\"moreFailures\" : 0");
  }

  @Test
  void aRestoreTestDryRunPrintsThePlanPerStagingCluster() {
    StagingRestorePlan euCentral =
        new StagingRestorePlan(new StagingCluster("eu-central"), 2, 9000, 9009, "local-lvm", "vmbr-iso",
            new RestoreTimeouts(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(2)),
            List.of(
                new GuestRestoreTask("store-0001", 101, "pos-db", "pos", "qemu", SelectionReason.ROTATION, SOURCE, POS_PROBE),
                new GuestRestoreTask("store-0003", 100, "dns", "dns", "lxc", SelectionReason.LAST_FAILED, SOURCE, DNS_PROBE)));
    StagingRestorePlan usEast =
        new StagingRestorePlan(new StagingCluster("us-east"), 1, 9000, 9004, "local-lvm", "vmbr-iso", null, List.of());
    RestoreTestSummary dryRun =
        new RestoreTestSummary("restore-test/2026-W48/dry-run-1764000000000", "2026-W48", true,
            new RestoreTestPlan("2026-W48", 8, List.of(euCentral, usEast)), 2, 0, 0, List.of(), 0, null, null);

    assertThat(Summaries.printRestoreTest(output, dryRun, false)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("restore-test/2026-W48/dry-run-1764000000000: dry run for week 2026-W48, nothing was restored")
        .contains("2 guests on 2 staging clusters; every guest is tested at least once every 8 weeks")
        .contains("eu-central: staging cluster staging-eu-central, capacity 2, VMIDs 9000-9009, "
            + "bridge vmbr-iso, storage local-lvm")
        .contains("timeouts: restore 1h, boot 5m, staging worker 2m")
        .containsPattern("store-0001/101 pos-db +qemu rotation +probe: 'systemctl is-active pos' exits 0 "
            + "printing \"active\" within 30s")
        .containsPattern("store-0003/100 dns +lxc +last failed +probe: eth0 has an address within 1m")
        .contains("us-east: staging cluster staging-us-east, capacity 1")
        .contains("no guests this week");
  }

  @Test
  void restoreTestProgressCountsTheGuestsOfRegionsStillRestoring() {
    RestoreTestProgress run = new RestoreTestProgress("restoring", 12, 4, 4, 0, List.of("staging/eu-central", "staging/us-east"));
    List<StagingRestoreProgress> regions =
        List.of(
            new StagingRestoreProgress("eu-central", 5, 2, 1, 1, List.of("store-0001/101")),
            new StagingRestoreProgress("us-east", 3, 1, 1, 0, List.of()));

    assertThat(RestoreTestRuns.progressLine(run, regions))
        .isEqualTo(Output.bar(7, 12, 30) + " guests  6 passed, 1 failed  (restoring: eu-central 2/5, us-east 1/3)");
    assertThat(RestoreTestRuns.progressLine(new RestoreTestProgress("planning", 0, 0, 0, 0, List.of()), List.of()))
        .isEqualTo(Output.bar(0, 0, 30) + " guests  0 passed, 0 failed  (planning)");
  }

  // --- DR drill

  @Test
  void aDrillThatMetItsTargetsPrintsRtoAndRpoAgainstThemAndExitsZero() {
    DrDrillSummary passed =
        new DrDrillSummary("dr-drill/2026-11-24/store-0001", false, null,
            List.of(outcome("store-0001", DrillVerdict.PASSED, null, Duration.ofMinutes(72), Duration.ofHours(20))));
    Map<String, DrillTargets> targets =
        Map.of("store-0001", new DrillTargets(Duration.ofHours(26), Duration.ofHours(4), null));

    assertThat(Summaries.printDrDrill(output, passed, targets, false)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("dr-drill/2026-11-24/store-0001: 1 stores, 1 passed")
        .containsPattern("store-0001 +PASSED +RTO 1h12m \\(target 4h, met\\) +worst RPO 20h \\(target 26h, met\\)")
        .contains("report: drills/store-0001.json")
        .contains("drills/store-0001.md, signature drills/store-0001.json.sig");
  }

  @Test
  void aDrillWithAMissedTargetOrAFailureExitsOne() {
    DrDrillSummary mixed =
        new DrDrillSummary("dr-drill/2026-11-24/store-0001+1", false, null,
            List.of(
                outcome("store-0001", DrillVerdict.TARGETS_MISSED, null, Duration.ofHours(5), Duration.ofHours(20)),
                outcome("store-0002", DrillVerdict.FAILED, "CEPH: HEALTH_WARN after 30m", null, null)));
    Map<String, DrillTargets> targets =
        Map.of("store-0001", new DrillTargets(Duration.ofHours(26), Duration.ofHours(4), null));

    assertThat(Summaries.printDrDrill(output, mixed, targets, false)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .contains("2 stores, 1 targets missed, 1 failed")
        .containsPattern("store-0001 +TARGETS_MISSED +RTO 5h \\(target 4h, MISSED\\) +worst RPO 20h \\(target 26h, met\\)")
        .containsPattern("store-0002 +FAILED +RTO - +worst RPO -")
        .contains("failure: CEPH: HEALTH_WARN after 30m");
  }

  @Test
  void aDrillWhoseTargetsAreUnknownPrintsTheMeasuresAlone() {
    DrDrillSummary passed =
        new DrDrillSummary("dr-drill/2026-11-24/store-0001", false, null,
            List.of(outcome("store-0001", DrillVerdict.PASSED, null, Duration.ofMinutes(72), Duration.ofHours(20))));

    Summaries.printDrDrill(output, passed, Map.of(), false);

    assertThat(out.toString()).containsPattern("RTO 1h12m +worst RPO 20h\\n").doesNotContain("target");
  }

  @Test
  void aDrillDryRunPrintsStagingNodesPhasesBootOrderAndTargets() {
    StoreDrillPlan plan =
        new StoreDrillPlan("store-0001", new StagingCluster("eu-central"), List.of("stg1", "stg2", "stg3"),
            "drill-store-0001", new CephPlan("10.10.0.0/24", "rbd", 3, 2, 128, List.of("/dev/sdb", "/dev/sdc")),
            "vmbr-iso", SOURCE,
            List.of(
                new DrillGuest(100, "dns", "dns", "lxc", DNS_PROBE),
                new DrillGuest(101, "pos-db", "pos", "qemu", POS_PROBE)),
            new DrillTargets(Duration.ofHours(26), Duration.ofHours(4), Map.of(DrillPhase.PROVISION, Duration.ofMinutes(20))),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(2));
    DrDrillSummary dryRun =
        new DrDrillSummary("dr-drill/2026-11-24/store-0001/dry-run-1764000000000", true,
            new DrDrillPlan(List.of(plan)), List.of());

    assertThat(Summaries.printDrDrill(output, dryRun, Map.of(), false)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("dr-drill/2026-11-24/store-0001/dry-run-1764000000000: dry run, nothing was touched")
        .contains("store-0001 on staging cluster staging-eu-central: nodes stg1, stg2, stg3")
        .contains("targets: RPO 26h, RTO 4h")
        .containsPattern("PROVISION +reinstall stg1, stg2, stg3 \\(up to 30m each\\)  \\(target 20m\\)")
        .containsPattern("CLUSTER +create cluster drill-store-0001 on stg1, join stg2, stg3; isolated bridge vmbr-iso")
        .containsPattern("CEPH +network 10.10.0.0/24, OSDs on /dev/sdb, /dev/sdc of each node; pool rbd, size 3/2, 128 PGs")
        .containsPattern("STORAGE +pbs-store-0001 -> 10.1.0.5:8007, datastore store")
        .containsPattern("RESTORE +2 guests in boot order \\(restore up to 1h, boot up to 10m each\\)")
        .containsPattern("TEARDOWN +destroy the restored guests, remove pbs-store-0001")
        .containsPattern(" 1\\. 100 dns \\(dns\\) +lxc +probe: eth0 has an address within 1m")
        .containsPattern(" 2\\. 101 pos-db \\(pos\\) +qemu probe: 'systemctl is-active pos' exits 0");
  }

  @Test
  void drillProgressShowsGuestsReadyAndThePhaseOfEachStore() {
    assertThat(
            DrDrillRuns.progressLine(
                List.of(
                    new DrillProgress("store-0001", DrillPhase.RESTORE, 3, 7, "restore 104"),
                    new DrillProgress("store-0005", null, 0, 4, null))))
        .isEqualTo(Output.bar(3, 11, 30) + " guests ready  (store-0001 RESTORE, store-0005 starting)");
    assertThat(DrDrillRuns.progressLine(List.of())).startsWith("no store drill running");
  }

  // --- evidence

  private static EvidencePlan evidencePlan(String previousKey, boolean wholeFleet, String... stores) {
    return new EvidencePlan("2026-11-24", "audit/edge/2026-11-24.json", previousKey, wholeFleet,
        java.util.Arrays.stream(stores)
            .map(id -> new StoreEvidencePlan(id, "site-" + id, Duration.ofMinutes(2)))
            .toList());
  }

  @Test
  void anEvidenceDayWithEveryStoreCollectedPrintsTheFileAndExitsZero() {
    EvidenceSummary s =
        new EvidenceSummary("evidence/2026-11-24", "2026-11-24", false,
            evidencePlan("audit/edge/2026-11-23.json", true, "store-0001", "store-0002"), 2, 2, List.of(), 3,
            new EvidenceDay("audit/edge/2026-11-24.json", "ab12", "cd34", "audit/edge/2026-11-23.json",
                "none: the bucket has no S3 Object Lock", "audit/edge/drift/2026-11-24.json", 2));

    assertThat(Summaries.printEvidence(output, s, false)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .isEqualTo(String.join("\n",
            "evidence/2026-11-24: day 2026-11-24, 2 stores, 2 collected, 0 not collected",
            "file:       audit/edge/2026-11-24.json",
            "sha256:     ab12",
            "fleet root: cd34",
            "previous:   audit/edge/2026-11-23.json",
            "retention:  none: the bucket has no S3 Object Lock",
            "drift:      audit/edge/drift/2026-11-24.json, 2 stores changed",
            "runs recorded: 3",
            ""));
  }

  @Test
  void theFirstPartialEvidenceDayWithAStoreNotCollectedSaysSoAndExitsOne() {
    EvidenceSummary s =
        new EvidenceSummary("evidence/2026-11-24", "2026-11-24", false, evidencePlan(null, false, "store-0001"),
            1, 0, List.of("store-0001: collect evidence: site-store-0001 did not answer within 2m"), 0,
            new EvidenceDay("audit/edge/2026-11-24.json", "ab12", "cd34", null, "object-lock COMPLIANCE until x",
                null, 0));

    assertThat(Summaries.printEvidence(output, s, false)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .contains("1 stores, 0 collected, 1 not collected (partial day: only the stores asked for)")
        .contains("previous:   first day of the chain")
        .contains("drift:      none (first day of the chain)")
        .contains("not collected:\n  store-0001: collect evidence: site-store-0001 did not answer within 2m");
  }

  @Test
  void anEvidenceSummaryAsJsonKeepsTheExitCode() {
    EvidenceSummary s =
        new EvidenceSummary("evidence/2026-11-24", "2026-11-24", false, evidencePlan(null, true, "store-0001"),
            1, 0, List.of("store-0001: down"), 0,
            new EvidenceDay("audit/edge/2026-11-24.json", "ab12", "cd34", null, "r", null, 0));

    assertThat(Summaries.printEvidence(output, s, true)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString()).contains("\"failures\" : [ \"store-0001: down\" ]").contains("\"sha256\" : \"ab12\"");
  }

  @Test
  void anEvidenceDryRunOfTheFirstDayPrintsThePlan() {
    EvidenceSummary dryRun =
        new EvidenceSummary("evidence/2026-11-24/dry-run-1764000000000", "2026-11-24", true,
            evidencePlan(null, true, "store-0001", "store-0002"), 2, 0, List.of(), 0, null);

    assertThat(Summaries.printEvidence(output, dryRun, false)).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("evidence/2026-11-24/dry-run-1764000000000: dry run for day 2026-11-24, nothing was collected")
        .contains("file:     audit/edge/2026-11-24.json")
        .contains("previous: first day of the chain")
        .contains("2 stores, the whole fleet:")
        .containsPattern("store-0001 +on site-store-0001, its worker answers within 2m")
        .containsPattern("store-0002 +on site-store-0002");
  }

  @Test
  void evidenceProgressShowsStoresDoneNotCollectedAndThePhase() {
    assertThat(EvidenceRuns.progressLine(new EvidenceProgress("collecting", 20, 7, 1, List.of("store-0008"))))
        .isEqualTo(Output.bar(7, 20, 30) + " stores  1 not collected  (collecting)");
  }

  private static GuestRestoreResult failure(
      String store, int vmid, String name, RestoreFailureKind kind, String detail, Duration age, Duration rto,
      boolean cleanedUp) {
    return new GuestRestoreResult(store, vmid, name, "pos", "qemu", SelectionReason.ROTATION, 9001, "stg2", false,
        kind, detail, age == null ? null : Instant.parse("2026-11-23T02:00:00Z"), age, null, null, null, rto,
        cleanedUp);
  }

  private static StoreDrillOutcome outcome(
      String store, DrillVerdict verdict, String failure, Duration rto, Duration worstRpo) {
    return new StoreDrillOutcome(store, verdict, failure, rto, worstRpo,
        new DrillReportKeys("drills/" + store + ".json", "drills/" + store + ".md", "drills/" + store + ".json.sig"));
  }
}
