package dev.edgerunbooks.starters.schedules;

import static dev.edgerunbooks.starters.schedules.ScheduleFixtures.schedule;
import static dev.edgerunbooks.starters.schedules.ScheduleFixtures.schedules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import dev.edgerunbooks.starters.schedules.SchedulePlan.Action;
import io.grpc.Status;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** The reconciler against a Schedules API in memory. */
class ScheduleReconcilerTest {
  private final FakeScheduleClient server = new FakeScheduleClient();
  private final ScheduleReconciler reconciler = new ScheduleReconciler(server, FakeScheduleClient.CONVERTER);

  @Test
  void aSyncMakesTheFilesSchedulesAndASecondFindsNothingToDo() {
    SchedulesDefinition file = schedules();

    List<ScheduleReconciler.Outcome> outcomes = reconciler.apply(reconciler.plan(file));

    assertThat(outcomes).allMatch(ScheduleReconciler.Outcome::done);
    assertThat(server.schedules.keySet()).containsExactly("edge/nightly", "edge/evidence", "edge/weekly", "edge/drill",
        "edge/certs", "edge/tokens");
    SchedulePlan again = reconciler.plan(file);
    assertThat(again.steps()).allMatch(s -> s.action() == Action.KEEP);
    assertThat(again.steps().get(0).existing().nextTimes()).isNotEmpty();
  }

  @Test
  void anUpdateKeepsAnOperatorsPauseAndADeleteTouchesOnlyOurs() {
    reconciler.apply(reconciler.plan(schedules()));
    server.getHandle("edge/nightly").pause("disk swap tonight");
    server.theirs("billing/monthly", TemporalSchedules.schedule(schedule("certs")));
    SchedulesDefinition changed = ScheduleFixtures.schedules(ScheduleFixtures.YAML
        .replace("cron: \"30 5 * * *\"", "cron: \"45 5 * * *\"")
        .replace("  - {name: evidence, runbook: evidence, calendar: {at: \"23:30\"}, timeZone: UTC}\n", ""));
    server.calls.clear();

    SchedulePlan plan = reconciler.plan(changed);
    List<ScheduleReconciler.Outcome> outcomes = reconciler.apply(plan);

    assertThat(server.calls).containsExactly("update edge/nightly", "delete edge/evidence");
    assertThat(outcomes).filteredOn(ScheduleReconciler.Outcome::done).hasSize(2);
    Schedule nightly = server.getHandle("edge/nightly").describe().getSchedule();
    assertThat(nightly.getState().isPaused()).isTrue();
    assertThat(nightly.getState().getNote()).isEqualTo("disk swap tonight");
    assertThat(nightly.getSpec().getCalendars().get(0).getMinutes().get(0).getStart()).isEqualTo(45);
    assertThat(server.schedules).containsKey("billing/monthly");
    assertThat(plan.others()).containsExactly("billing/monthly");
  }

  @Test
  void aFailedStepIsReportedAndTheRestGoOn() {
    server.schedules.clear();
    ScheduleClient failing = Mockito.spy(server);
    Mockito.doThrow(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException())
        .when(failing).createSchedule(Mockito.eq("edge/nightly"), Mockito.any(), Mockito.any());
    ScheduleReconciler r = new ScheduleReconciler(failing, FakeScheduleClient.CONVERTER);

    List<ScheduleReconciler.Outcome> outcomes = r.apply(r.plan(schedules()));

    assertThat(outcomes.get(0).error()).contains("PERMISSION_DENIED");
    assertThat(outcomes.stream().skip(1)).allMatch(ScheduleReconciler.Outcome::done);
  }

  @Test
  void aServerWithoutSchedulesIsToldApart() {
    ScheduleClient testServer = Mockito.mock(ScheduleClient.class);
    Mockito.when(testServer.listSchedules(1)).thenReturn(Stream.generate(() -> {
      throw Status.UNIMPLEMENTED.withDescription("unknown method ListSchedules").asRuntimeException();
    }));
    Mockito.when(testServer.listSchedules()).thenThrow(Status.UNIMPLEMENTED.asRuntimeException());

    assertThat(ScheduleReconciler.available(testServer)).isFalse();
    assertThat(ScheduleReconciler.available(server)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScheduleReconciler(testServer).existing())
        .isInstanceOf(SchedulesUnavailableException.class);
  }
}
