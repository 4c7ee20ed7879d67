package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.starters.RunIds;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The weeks and dates that name restore test, drill, evidence and rotation runs. */
class RunIdsTest {
  @Test
  void withoutWeekARestoreTestTestsTheWeekItIsInUtc() {
    // Sunday 23:30 UTC is Monday in Berlin, but still week 48 in UTC.
    Clock clock = Clock.fixed(Instant.parse("2026-11-29T23:30:00Z"), ZoneId.of("Europe/Berlin"));
    assertThat(RestoreTestCommand.week(null, clock)).isEqualTo("2026-W48");
    Clock newYear = Clock.fixed(Instant.parse("2027-01-01T12:00:00Z"), ZoneId.of("UTC"));
    assertThat(RestoreTestCommand.week(null, newYear)).isEqualTo("2026-W53");
  }

  @Test
  void weekAcceptsIsoWeeksAndRefusesTheRestAsUsageErrors() {
    Clock clock = Clock.systemUTC();
    assertThat(RestoreTestCommand.week("2026-W48", clock)).isEqualTo("2026-W48");
    assertThat(RestoreTestCommand.week("2026-w01", clock)).isEqualTo("2026-W01");
    assertThat(RestoreTestCommand.week("2026-W53", clock)).isEqualTo("2026-W53");
    for (String bad : List.of("2026-48", "W48", "2026-W4", "2026-W00", "2026-W54", "2025-W53", "")) {
      assertThatThrownBy(() -> RestoreTestCommand.week(bad, clock))
          .as(bad)
          .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
          .hasMessageStartingWith("--week ");
    }
  }

  @Test
  void withoutDateEvidenceRecordsTheDayItIsInUtc() {
    // 00:30 in Berlin on the 25th is still the 24th in UTC
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T23:30:00Z"), ZoneId.of("Europe/Berlin"));
    assertThat(EvidenceCommand.date(null, clock)).isEqualTo("2026-11-24");
  }

  @Test
  void dateAcceptsIsoDatesUpToTodayAndRefusesTheRestAsUsageErrors() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T23:30:00Z"), ZoneId.of("UTC"));
    assertThat(EvidenceCommand.date("2026-11-24", clock)).isEqualTo("2026-11-24");
    assertThat(EvidenceCommand.date("2024-02-29", clock)).isEqualTo("2024-02-29");
    for (String bad : List.of("24.11.2026", "2026-11-4", "20261124", "2026-11-24T00:00Z", "", "2026-02-29",
        "2026-13-01", "2026-11-25", "2027-01-01")) {
      assertThatThrownBy(() -> EvidenceCommand.date(bad, clock))
          .as(bad)
          .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
          .hasMessageStartingWith("--date ");
    }
    assertThatThrownBy(() -> EvidenceCommand.date("2026-11-25", clock))
        .hasMessage("--date 2026-11-25 is after today (2026-11-24 in UTC): evidence records a day that has begun");
  }

  @Test
  void drillIdsNameTheFirstStoreAndCountTheRest() {
    LocalDate day = LocalDate.of(2026, 11, 24);
    assertThat(DrDrillCommand.workflowId(day, List.of("store-0001"))).isEqualTo("dr-drill/2026-11-24/store-0001");
    assertThat(DrDrillCommand.workflowId(day, List.of("store-0001", "store-0007", "store-0009")))
        .isEqualTo("dr-drill/2026-11-24/store-0001+2");
  }

  @Test
  void aRotationRunIsTheDayInUtcAndAForcedOneGetsAnIdOfItsOwn() {
    // 00:30 in Berlin on the 25th is still the 24th in UTC
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T23:30:00Z"), ZoneId.of("Europe/Berlin"));
    assertThat(RotationCommand.workflowId("cert-rotation", clock, false, false)).isEqualTo("cert-rotation/2026-11-24");
    assertThat(RotationCommand.workflowId("token-rotation", clock, true, false)).matches("token-rotation/2026-11-24/forced-\\d+");
    // a run over some stores never takes the day's id, which the daily schedule runs over the fleet
    assertThat(RotationCommand.workflowId("cert-rotation", clock, false, true)).matches("cert-rotation/2026-11-24/stores-\\d+");
  }

  @Test
  void everyRunbooksIdIsMadeFromTheInstantDayOrWeekItIsGiven() {
    Instant at = Instant.parse("2026-11-24T02:00:00.123Z");
    LocalDate day = LocalDate.of(2026, 11, 24);

    assertThat(RunIds.backupVerify(at)).isEqualTo("backup-verify/2026-11-24T020000Z");
    assertThat(RunIds.evidence(day)).isEqualTo("evidence/2026-11-24");
    assertThat(RunIds.restoreTest(IsoWeek.parse("2026-W48"))).isEqualTo("restore-test/2026-W48");
    assertThat(RunIds.drDrill(day, List.of("store-0001", "store-0002"))).isEqualTo("dr-drill/2026-11-24/store-0001+1");
    assertThat(RunIds.rotation("cert-rotation", day, false, false, at)).isEqualTo("cert-rotation/2026-11-24");
    assertThat(RunIds.rotation("cert-rotation", day, true, true, at))
        .isEqualTo("cert-rotation/2026-11-24/forced-" + at.toEpochMilli());
    assertThat(RunIds.rotation("token-rotation", day, false, true, at))
        .isEqualTo("token-rotation/2026-11-24/stores-" + at.toEpochMilli());
    assertThat(RunIds.dryRun(RunIds.evidence(day), at)).isEqualTo("evidence/2026-11-24/dry-run-" + at.toEpochMilli());
    assertThat(RunIds.patchWave("2026.12.0")).isEqualTo("patch-wave/2026.12.0");
    assertThat(RunIds.evacuateNode("store-0001", "pve2")).isEqualTo("evacuate-node/store-0001/pve2");
    assertThat(RunIds.rollbackStore("store-0001")).isEqualTo("rollback-store/store-0001");
  }

  @Test
  void theClisRotationIdIsTheDayInUtcOfItsClockWithTheClocksMillis() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T23:30:00Z"), ZoneId.of("Europe/Berlin"));
    assertThat(RotationCommand.workflowId("cert-rotation", clock, true, false))
        .isEqualTo(RunIds.rotation("cert-rotation", LocalDate.of(2026, 11, 24), true, false, clock.instant()))
        .isEqualTo("cert-rotation/2026-11-24/forced-" + clock.millis());
  }

  @Test
  void aBareBundleVersionNamesItsPatchWaveAndOtherIdsStayAsTheyAre() {
    assertThat(RunStatus.workflowId("2026.12.0")).isEqualTo("patch-wave/2026.12.0");
    assertThat(RunStatus.workflowId("2026.12.1-rc1")).isEqualTo("patch-wave/2026.12.1-rc1");
    for (String id : List.of("patch-wave/2026.12.0", "restore-test/2026-W48", "evidence/2026-11-24", "2026-11-24",
        "rollback-store/store-0001")) {
      assertThat(RunStatus.workflowId(id)).isEqualTo(id);
    }
  }
}
