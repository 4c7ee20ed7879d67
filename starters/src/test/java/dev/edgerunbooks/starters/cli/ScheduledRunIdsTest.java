package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduleLoader;
import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import dev.edgerunbooks.starters.schedules.ScheduledRuns;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
}
