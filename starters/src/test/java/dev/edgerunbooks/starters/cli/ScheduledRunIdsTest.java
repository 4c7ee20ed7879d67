package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduleLoader;
import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.starters.schedules.ScheduleFixtures;
import dev.edgerunbooks.starters.schedules.ScheduledRuns;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A scheduled run in the embedded product is the run 'edgerun run' starts for the same day, under the same id. */
class ScheduledRunIdsTest {
  static final SchedulesDefinition FILE = ScheduleLoader.load(Path.of("../runbooks/schedules.yaml"),
      FleetLoader.load(Path.of("../runbooks/fleet.yaml")));

  private static String scheduled(String name, Instant nominal) {
    ScheduleDefinition d = FILE.find(name).orElseThrow();
    return ScheduledRuns.start(d, nominal).workflowId();
  }

  @Test
  void theSameIdsAsTheCli() {
    // a winter night, when Berlin's day and UTC's are the same
    Instant night = Instant.parse("2026-12-01T04:30:00Z");
    Clock clock = Clock.fixed(night, ZoneOffset.UTC);

    assertThat(scheduled("evidence-nightly", night)).isEqualTo("evidence/" + EvidenceCommand.date(null, clock));
    assertThat(scheduled("restore-test-weekly", night)).isEqualTo("restore-test/" + RestoreTestCommand.week(null, clock));
    assertThat(scheduled("cert-rotation-daily", night)).isEqualTo(RotationCommand.workflowId("cert-rotation", clock, false, false));
    assertThat(scheduled("token-rotation-daily", night)).isEqualTo(RotationCommand.workflowId("token-rotation", clock, false, false));
    assertThat(scheduled("dr-drill-quarterly", night))
        .isEqualTo(DrDrillCommand.workflowId(LocalDate.of(2026, 12, 1), java.util.List.of("store-0001")));
    assertThat(scheduled("backup-verify-nightly", night)).isEqualTo("backup-verify/2026-12-01T043000Z");
  }

  @Test
  void aDryRunAForcedRotationAndOneOverSomeStoresGetTheClisSuffixesOfTheNominalTime() {
    SchedulesDefinition file = ScheduleFixtures.schedules("""
        schedules:
          - {name: some, runbook: cert-rotation, input: {stores: [store-0002]}, cron: "0 1 * * *", timeZone: UTC}
          - {name: some-forced, runbook: token-rotation, input: {stores: [store-0002], force: true}, cron: "0 1 * * *",
             timeZone: UTC}
          - {name: some-dry, runbook: cert-rotation, input: {stores: [store-0002], force: true, dryRun: true},
             cron: "0 1 * * *", timeZone: UTC}
          - {name: drill-dry, runbook: dr-drill, input: {stores: [store-0001], dryRun: true}, cron: "0 1 * * *",
             timeZone: UTC}
          - {name: backup-dry, runbook: backup-verify, input: {dryRun: true}, cron: "0 1 * * *", timeZone: UTC}
        """);
    Instant nominal = Instant.parse("2026-12-01T01:00:00Z");
    LocalDate day = LocalDate.of(2026, 12, 1);
    Function<String, String> id =
        name -> ScheduledRuns.start(file.find(name).orElseThrow(), nominal).workflowId();

    assertThat(id.apply("some"))
        .isEqualTo(RunIds.rotation("cert-rotation", day, false, true, nominal))
        .isEqualTo("cert-rotation/2026-12-01/stores-" + nominal.toEpochMilli());
    assertThat(id.apply("some-forced")).isEqualTo("token-rotation/2026-12-01/forced-" + nominal.toEpochMilli());
    assertThat(id.apply("some-dry")).isEqualTo("cert-rotation/2026-12-01/dry-run-" + nominal.toEpochMilli());
    assertThat(id.apply("drill-dry"))
        .isEqualTo(RunIds.dryRun(DrDrillCommand.workflowId(day, java.util.List.of("store-0001")), nominal));
    assertThat(id.apply("backup-dry"))
        .isEqualTo(RunIds.dryRun(RunIds.backupVerify(nominal), nominal))
        .isEqualTo("backup-verify/2026-12-01T010000Z/dry-run-" + nominal.toEpochMilli());
    assertThat(ScheduledRuns.start(file.find("backup-dry").orElseThrow(), nominal).request())
        .isEqualTo(new BackupVerifyRequest(java.util.List.of(), 0, true, "schedule:backup-dry"));
  }
}
