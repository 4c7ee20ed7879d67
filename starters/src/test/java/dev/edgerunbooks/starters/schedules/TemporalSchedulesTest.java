package dev.edgerunbooks.starters.schedules;

import static dev.edgerunbooks.starters.schedules.ScheduleFixtures.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A schedule of the file as a Temporal Schedule, and what the server's description of it says back. */
class TemporalSchedulesTest {
  @Test
  void theScheduleStartsTheRunbookAtTheFilesTimes() {
    ScheduleDefinition drill = schedule("drill");

    Schedule s = TemporalSchedules.schedule(drill);

    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) s.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("DrDrillWorkflow");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("dr-drill/drill");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.CENTRAL);
    ScheduleCalendarSpec calendar = s.getSpec().getCalendars().get(0);
    assertThat(calendar.getSeconds()).containsExactly(new ScheduleRange(0, 0));
    assertThat(calendar.getMinutes()).containsExactly(new ScheduleRange(0, 0));
    assertThat(calendar.getHour()).containsExactly(new ScheduleRange(9, 9));
    assertThat(calendar.getDayOfMonth()).containsExactly(new ScheduleRange(8, 14));
    assertThat(calendar.getMonth()).containsExactly(new ScheduleRange(1, 1), new ScheduleRange(4, 4), new ScheduleRange(7, 7),
        new ScheduleRange(10, 10));
    assertThat(calendar.getDayOfWeek()).containsExactly(new ScheduleRange(2, 2));
    assertThat(s.getSpec().getCronExpressions()).isEmpty();
    assertThat(s.getSpec().getTimeZoneName()).isEqualTo("Europe/Berlin");
    assertThat(s.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(s.getPolicy().isPauseOnFailure()).isTrue();
    assertThat(s.getState().isPaused()).isFalse();
    assertThat(TemporalSchedules.options(drill).getMemo()).containsEntry(TemporalSchedules.MEMO_KEY, "schedules.yaml");
  }

  @Test
  void aCronIsSentAsItsCalendarAndSundayIsZero() {
    Schedule s = TemporalSchedules.schedule(schedule("weekly"));
    assertThat(s.getSpec().getCalendars().get(0).getDayOfWeek()).containsExactly(new ScheduleRange(0, 0));
    assertThat(s.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);

    Schedule every = TemporalSchedules.schedule(schedule("nightly"));
    assertThat(every.getSpec().getCalendars().get(0).getDayOfWeek()).containsExactly(new ScheduleRange(0, 6));
    assertThat(every.getSpec().getJitter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(every.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void whatTheServerDescribesOfItCompareEqualToTheFile() {
    for (ScheduleDefinition d : ScheduleFixtures.schedules().schedules()) {
      Schedule described = FakeScheduleClient.asDescribed(TemporalSchedules.schedule(d));

      assertThat(TemporalSchedules.shape(d).changesFrom(TemporalSchedules.shape(described, FakeScheduleClient.CONVERTER)))
          .as(d.name()).isEmpty();
    }
  }

  @Test
  void eachDifferenceIsNamed() {
    ScheduleDefinition nightly = schedule("nightly");
    Schedule theirs = Schedule.newBuilder(FakeScheduleClient.asDescribed(TemporalSchedules.schedule(schedule("weekly"))))
        .setSpec(ScheduleSpec.newBuilder(TemporalSchedules.schedule(schedule("weekly")).getSpec())
            .setCronExpressions(List.of("0 * * * *")).build())
        .build();

    List<String> changes = TemporalSchedules.shape(nightly).changesFrom(TemporalSchedules.shape(theirs, FakeScheduleClient.CONVERTER));

    assertThat(changes).containsExactly(
        "workflow: RestoreTestWorkflow -> BackupVerifyWorkflow",
        "workflow id: restore-test/weekly -> backup-verify/nightly",
        "search attributes: EdgeRunbook=restore-test -> EdgeRunbook=backup-verify",
        "summary: restore-test on the whole fleet, started by schedule:weekly -> "
            + "backup-verify on the whole fleet, started by schedule:nightly",
        "input: {\"stores\":[],\"week\":null,\"dryRun\":false,\"requestedBy\":\"schedule:weekly\"} -> "
            + "{\"stores\":[],\"maxConcurrentStores\":10,\"dryRun\":false,\"requestedBy\":\"schedule:nightly\"}",
        "times: 04:00 sun -> 05:30 every day",
        "cron \"0 * * * *\" -> removed",
        "jitter: 0s -> 10m",
        "overlap: buffer-one -> skip",
        "catchupWindow: 365d -> 6h");
  }
}
