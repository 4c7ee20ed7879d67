package dev.edgerunbooks.starters.schedules;

import static dev.edgerunbooks.starters.schedules.ScheduleFixtures.schedule;
import static dev.edgerunbooks.starters.schedules.ScheduleFixtures.schedules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.starters.schedules.SchedulePlan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan is a function of the file and the server's descriptions: tested without a server. */
class SchedulePlanTest {
  private static ExistingSchedule ours(ScheduleDefinition d) {
    return ours("edge/" + d.name(), TemporalSchedules.shape(d));
  }

  private static ExistingSchedule ours(String id, ScheduleShape shape) {
    return new ExistingSchedule(id, true, shape, null, false, "", List.of());
  }

  @Test
  void againstAnEmptyClusterEveryScheduleIsCreated() {
    SchedulePlan plan = SchedulePlan.of(schedules().schedules(), List.of());

    assertThat(plan.steps()).extracting(SchedulePlan.Step::action, SchedulePlan.Step::scheduleId).containsExactly(
        tuple(Action.CREATE, "edge/nightly"), tuple(Action.CREATE, "edge/evidence"), tuple(Action.CREATE, "edge/weekly"),
        tuple(Action.CREATE, "edge/drill"), tuple(Action.CREATE, "edge/certs"), tuple(Action.CREATE, "edge/tokens"));
    assertThat(plan.steps().get(0).changes()).containsExactly("backup-verify, cron \"30 5 * * *\" Europe/Berlin");
    assertThat(plan.counts()).isEqualTo("6 to create, 0 to update, 0 to delete, 0 unchanged");
    assertThat(plan.changes()).isTrue();
  }

  @Test
  void createsUpdatesDeletesOursAndLeavesOthersAlone() {
    List<ScheduleDefinition> file = schedules().schedules();
    ScheduleShape oldNightly = TemporalSchedules.shape(schedules("""
        schedules:
          - {name: nightly, runbook: backup-verify, input: {concurrency: 10}, cron: "30 4 * * *", timeZone: Europe/Berlin,
             jitter: 10m, catchupWindow: 6h}
        """).schedules().get(0));
    List<ExistingSchedule> cluster = List.of(
        ours("edge/nightly", oldNightly),
        ours(schedule("evidence")),
        ours(schedule("weekly")),
        ours("edge/retired", TemporalSchedules.shape(schedule("certs"))),
        ExistingSchedule.theirs("billing/monthly"),
        ExistingSchedule.theirs("edge/drill"));

    SchedulePlan plan = SchedulePlan.of(file, cluster);

    assertThat(plan.steps()).extracting(SchedulePlan.Step::action, SchedulePlan.Step::scheduleId, SchedulePlan.Step::changes)
        .containsExactly(
            tuple(Action.UPDATE, "edge/nightly", List.of("times: 04:30 every day -> 05:30 every day")),
            tuple(Action.KEEP, "edge/evidence", List.of()),
            tuple(Action.KEEP, "edge/weekly", List.of()),
            tuple(Action.CONFLICT, "edge/drill", List.of("edge/drill exists and was not made from the file (no edge-runbooks"
                + " memo): left alone; rename this schedule or delete that one")),
            tuple(Action.CREATE, "edge/certs", List.of("cert-rotation, calendar every day at 01:00, 13:00 Europe/Berlin")),
            tuple(Action.CREATE, "edge/tokens", List.of("token-rotation, cron \"0 1 * * *\" Europe/Berlin")),
            tuple(Action.DELETE, "edge/retired", List.of("no longer in the file")));
    assertThat(plan.others()).containsExactly("billing/monthly");
    assertThat(plan.counts()).isEqualTo("2 to create, 1 to update, 1 to delete, 2 unchanged, 1 conflict");
  }

  @Test
  void aClusterThatMatchesHasNothingToDo() {
    List<ScheduleDefinition> file = schedules().schedules();

    SchedulePlan plan = SchedulePlan.of(file, file.stream().map(SchedulePlanTest::ours).toList());

    assertThat(plan.steps()).allMatch(s -> s.action() == Action.KEEP);
    assertThat(plan.changes()).isFalse();
  }

  @Test
  void oneOfOursThatCannotBeReadIsMadeAgain() {
    ExistingSchedule broken = new ExistingSchedule("edge/nightly", true, null, "its action is not to start a workflow",
        false, "", List.of());

    SchedulePlan plan = SchedulePlan.of(List.of(schedule("nightly")), List.of(broken));

    assertThat(plan.steps()).singleElement().satisfies(s -> {
      assertThat(s.action()).isEqualTo(Action.UPDATE);
      assertThat(s.changes()).containsExactly("unreadable (its action is not to start a workflow): made again from the file");
    });
  }
}
