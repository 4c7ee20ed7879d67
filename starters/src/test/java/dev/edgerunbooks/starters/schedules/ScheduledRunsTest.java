package dev.edgerunbooks.starters.schedules;

import static dev.edgerunbooks.starters.schedules.ScheduleFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationRequest;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each schedule starts, named as the CLI names the same run. */
class ScheduledRunsTest {
  @Test
  void eachRunbooksRunIsNamedAndAskedAsTheCliWould() {
    Instant night = Instant.parse("2026-11-24T04:30:00Z");

    ScheduledRuns.ScheduledStart backup = ScheduledRuns.start(schedule("nightly"), night);
    assertThat(backup.workflowInterface()).isEqualTo(BackupVerifyWorkflow.class);
    assertThat(backup.workflowId()).isEqualTo("backup-verify/2026-11-24T043000Z");
    assertThat(backup.request()).isEqualTo(new BackupVerifyRequest(List.of(), 10, false, "schedule:nightly"));
    assertThat(backup.reusePolicy()).isNull();

    ScheduledRuns.ScheduledStart evidence = ScheduledRuns.start(schedule("evidence"), Instant.parse("2026-11-24T23:30:00Z"));
    assertThat(evidence.workflowId()).isEqualTo("evidence/2026-11-24");
    assertThat(evidence.request()).isEqualTo(new EvidenceRequest("2026-11-24", List.of(), 20, false, "schedule:evidence"));
    assertThat(evidence.reusePolicy()).isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);

    ScheduledRuns.ScheduledStart week = ScheduledRuns.start(schedule("weekly"), Instant.parse("2026-11-29T03:00:00Z"));
    assertThat(week.workflowId()).isEqualTo("restore-test/2026-W48");
    assertThat(week.request()).isEqualTo(new RestoreTestRequest(List.of(), "2026-W48", false, "schedule:weekly"));

    ScheduledRuns.ScheduledStart drill = ScheduledRuns.start(schedule("drill"), Instant.parse("2026-10-13T07:00:00Z"));
    assertThat(drill.workflowId()).isEqualTo("dr-drill/2026-10-13/store-0001+1");
    assertThat(drill.request()).isEqualTo(new DrDrillRequest(List.of("store-0001", "store-0002"), false, "schedule:drill"));
  }

  @Test
  void theDayIsTheSchedulesOwnSoADailyScheduleNamesEachDayOnce() {
    // 01:00 in Berlin is 00:00 UTC in winter and 23:00 UTC the day before in summer: across the spring
    // change both nights would be the 28th in UTC
    Instant winter = Instant.parse("2027-03-28T00:00:00Z");
    Instant summer = Instant.parse("2027-03-28T23:00:00Z");

    ScheduledRuns.ScheduledStart first = ScheduledRuns.start(schedule("tokens"), winter);
    ScheduledRuns.ScheduledStart second = ScheduledRuns.start(schedule("tokens"), summer);

    assertThat(first.workflowId()).isEqualTo("token-rotation/2027-03-28/dry-run-" + winter.toEpochMilli());
    assertThat(second.workflowId()).isEqualTo("token-rotation/2027-03-29/dry-run-" + summer.toEpochMilli());
    assertThat(second.request()).isEqualTo(new TokenRotationRequest(List.of(), false, true, "schedule:tokens"));
    ScheduledRuns.ScheduledStart forced = ScheduledRuns.start(schedule("certs"), summer);
    assertThat(forced.workflowId()).isEqualTo("cert-rotation/2027-03-29/forced-" + summer.toEpochMilli());
    assertThat(forced.request()).isEqualTo(new CertRotationRequest(List.of(), true, false, "schedule:certs"));
  }

  @Test
  void aTemporalScheduleLeavesTheDayAndWeekToTheRun() {
    assertThat(ScheduledRuns.scheduleWorkflowId(schedule("weekly"))).isEqualTo("restore-test/weekly");
    assertThat(ScheduledRuns.scheduleRequest(schedule("weekly")))
        .isEqualTo(new RestoreTestRequest(List.of(), null, false, "schedule:weekly"));
    assertThat(ScheduledRuns.scheduleRequest(schedule("evidence")))
        .isEqualTo(new EvidenceRequest(null, List.of(), 20, false, "schedule:evidence"));
  }
}
