package dev.edgerunbooks.workers.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduleLoader;
import dev.edgerunbooks.workers.schedules.ScheduleRuns.State;
import dev.edgerunbooks.workers.schedules.ScheduleTrigger.Event;
import dev.edgerunbooks.workers.schedules.ScheduleTrigger.Kind;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process trigger on a clock the test moves, with runs in memory. */
class ScheduleTriggerTest {
  static final FleetDefinition FLEET = FleetLoader.load(Path.of("../runbooks/fleet.yaml"));

  @TempDir Path dir;

  private final FakeRuns runs = new FakeRuns();
  private MutableClock clock;

  static ScheduleDefinition schedule(String item) {
    return ScheduleLoader.parse("schedules:\n  - " + item + "\n", "schedules.yaml", FLEET,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).schedules().get(0);
  }

  private ScheduleTrigger trigger(Instant start, ScheduleDefinition... schedules) {
    clock = new MutableClock(start);
    return new ScheduleTrigger(List.of(schedules), runs, clock, new TriggerStateFile(dir.resolve("state.json")));
  }

  /** Ticks every {@code step} until {@code until}, ending every run after each tick when {@code endRuns}. */
  private List<Event> runUntil(ScheduleTrigger trigger, Instant until, Duration step, boolean endRuns) {
    List<Event> events = new ArrayList<>();
    while (clock.instant().isBefore(until)) {
      clock.advance(step);
      events.addAll(trigger.tick());
      if (endRuns) {
        runs.endAll();
      }
    }
    return events;
  }

  private static List<Instant> nominals(List<Event> events, Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).map(Event::nominal).toList();
  }

  // ---- time

  @Test
  void aTimeFiresOnceItsJitteredStartHasComeNotBefore() {
    ScheduleDefinition s = schedule("{name: nightly, runbook: backup-verify, cron: \"*/5 * * * *\", timeZone: UTC, jitter: 2m}");
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T10:00:30Z"), s);
    Instant nominal = Instant.parse("2026-06-01T10:05:00Z");
    Instant at = s.fire(nominal).at();
    assertThat(at).isAfterOrEqualTo(nominal).isBefore(nominal.plus(Duration.ofMinutes(2)));

    clock.set(at.minusMillis(1));
    assertThat(trigger.tick()).isEmpty();
    clock.set(at);
    List<Event> events = trigger.tick();

    assertThat(events).extracting(Event::kind, Event::workflowId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.STARTED, "backup-verify/2026-06-01T100500Z"));
    assertThat(events.get(0).message()).startsWith("schedule nightly at 2026-06-01 10:05 UTC");
    assertThat(trigger.tick()).isEmpty();
  }

  @Test
  void berlinsSpringForwardNightHasNo0230AndItsAutumnNightHasOne() throws Exception {
    ScheduleDefinition s = schedule("{name: rotation, runbook: cert-rotation, cron: \"30 2 * * *\", timeZone: Europe/Berlin}");
    ScheduleTrigger spring = trigger(Instant.parse("2026-03-27T12:00:00Z"), s);

    List<Event> march = runUntil(spring, Instant.parse("2026-03-31T12:00:00Z"), Duration.ofMinutes(5), true);

    assertThat(nominals(march, Kind.STARTED)).containsExactly(
        Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-31T00:30:00Z"));
    assertThat(runs.started()).containsExactly("cert-rotation/2026-03-28", "cert-rotation/2026-03-30", "cert-rotation/2026-03-31");

    Files.delete(dir.resolve("state.json"));
    ScheduleTrigger autumn = trigger(Instant.parse("2026-10-24T12:00:00Z"), s);
    List<Event> october = runUntil(autumn, Instant.parse("2026-10-26T12:00:00Z"), Duration.ofMinutes(5), true);

    // 02:30 comes twice on the 25th, at 00:30 and 01:30 UTC: one run, at the second
    assertThat(nominals(october, Kind.STARTED))
        .containsExactly(Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    assertThat(runs.requests.get("cert-rotation/2026-10-25"))
        .isEqualTo(new CertRotationRequest(List.of(), false, false, "schedule:rotation"));
  }

  @Test
  void aDailyTimeOutsideTheChangedHourKeepsItsWallClockTimeAcrossBothChanges() {
    ScheduleDefinition s = schedule("{name: nightly, runbook: backup-verify, cron: \"30 5 * * *\", timeZone: Europe/Berlin}");
    ScheduleTrigger trigger = trigger(Instant.parse("2026-03-28T00:00:00Z"), s);

    List<Instant> fired = nominals(runUntil(trigger, Instant.parse("2026-03-30T12:00:00Z"), Duration.ofMinutes(10), true),
        Kind.STARTED);

    assertThat(fired).containsExactly(Instant.parse("2026-03-28T04:30:00Z"), Instant.parse("2026-03-29T03:30:00Z"),
        Instant.parse("2026-03-30T03:30:00Z"));
  }

  // ---- overlap

  private static final String HOURLY = "{name: hourly, runbook: backup-verify, cron: \"0 * * * *\", timeZone: UTC";

  @Test
  void skipStartsNothingWhileTheLastRunRuns() {
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:30:00Z"), schedule(HOURLY + "}"));

    List<Event> events = runUntil(trigger, Instant.parse("2026-06-01T11:30:00Z"), Duration.ofMinutes(30), false);
    runs.endAll();
    events.addAll(runUntil(trigger, Instant.parse("2026-06-01T12:30:00Z"), Duration.ofMinutes(30), false));

    assertThat(events).extracting(Event::kind).containsExactly(Kind.STARTED, Kind.SKIPPED_OVERLAP, Kind.STARTED);
    assertThat(events.get(1).message()).endsWith("skipped: backup-verify/2026-06-01T100000Z is still running (overlap skip)");
  }

  @Test
  void allowAllStartsBesideIt() {
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:30:00Z"), schedule(HOURLY + ", overlap: allow-all}"));

    runUntil(trigger, Instant.parse("2026-06-01T11:30:00Z"), Duration.ofMinutes(30), false);

    assertThat(runs.started()).containsExactly("backup-verify/2026-06-01T100000Z", "backup-verify/2026-06-01T110000Z");
  }

  @Test
  void bufferOneKeepsTheFirstWaitingStartAndDropsTheRest() {
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:30:00Z"), schedule(HOURLY + ", overlap: buffer-one}"));

    List<Event> events = runUntil(trigger, Instant.parse("2026-06-01T12:30:00Z"), Duration.ofMinutes(30), false);
    runs.end("backup-verify/2026-06-01T100000Z", State.COMPLETED);
    events.addAll(trigger.tick());

    assertThat(events).extracting(Event::kind)
        .containsExactly(Kind.STARTED, Kind.BUFFERED, Kind.DROPPED_BUFFER_FULL, Kind.STARTED);
    assertThat(runs.started()).containsExactly("backup-verify/2026-06-01T100000Z", "backup-verify/2026-06-01T110000Z");
  }

  @Test
  void bufferAllStartsEachInTurn() {
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:30:00Z"), schedule(HOURLY + ", overlap: buffer-all}"));

    runUntil(trigger, Instant.parse("2026-06-01T12:30:00Z"), Duration.ofMinutes(30), false);
    runs.end("backup-verify/2026-06-01T100000Z", State.COMPLETED);
    trigger.tick();
    runs.end("backup-verify/2026-06-01T110000Z", State.FAILED);
    trigger.tick();

    assertThat(runs.started()).containsExactly("backup-verify/2026-06-01T100000Z", "backup-verify/2026-06-01T110000Z",
        "backup-verify/2026-06-01T120000Z");
  }

  @Test
  void cancelOtherCancelsTheRunningOneAndStartsOnceItEnded() {
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:30:00Z"), schedule(HOURLY + ", overlap: cancel-other}"));

    List<Event> events = runUntil(trigger, Instant.parse("2026-06-01T11:00:00Z"), Duration.ofMinutes(30), false);
    events.addAll(trigger.tick());

    assertThat(events).extracting(Event::kind).containsExactly(Kind.STARTED, Kind.CANCELLING_OTHER, Kind.STARTED);
    assertThat(runs.calls).containsExactly("start backup-verify/2026-06-01T100000Z", "cancel backup-verify/2026-06-01T100000Z",
        "start backup-verify/2026-06-01T110000Z");
  }

  @Test
  void terminateOtherEndsTheRunningOneAndStarts() {
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:30:00Z"), schedule(HOURLY + ", overlap: terminate-other}"));

    runUntil(trigger, Instant.parse("2026-06-01T11:00:00Z"), Duration.ofMinutes(30), false);

    assertThat(runs.calls).containsExactly("start backup-verify/2026-06-01T100000Z",
        "terminate backup-verify/2026-06-01T100000Z", "start backup-verify/2026-06-01T110000Z");
  }

  // ---- restarts, pauses, failures

  @Test
  void aRestartCatchesUpTheTimesItMissedWithinTheCatchupWindowOnly() {
    ScheduleDefinition s = schedule("{name: nightly, runbook: backup-verify, cron: \"30 5 * * *\", timeZone: UTC,"
        + " catchupWindow: 12h}");
    ScheduleTrigger before = trigger(Instant.parse("2026-06-01T06:00:00Z"), s);
    runUntil(before, Instant.parse("2026-06-01T07:00:00Z"), Duration.ofMinutes(10), true);
    assertThat(runs.started()).isEmpty();
    before.tick();

    // down for three days; back at 10:00, four and a half hours after the day's time
    ScheduleTrigger after = trigger(Instant.parse("2026-06-04T10:00:00Z"), s);
    List<Event> events = after.tick();

    assertThat(events).extracting(Event::kind)
        .containsExactly(Kind.MISSED_CATCHUP_WINDOW, Kind.MISSED_CATCHUP_WINDOW, Kind.STARTED);
    assertThat(events.get(0).message()).isEqualTo("schedule nightly at 2026-06-02 05:30 UTC: missed: 52h30m late, past its"
        + " catch-up window of 12h");
    assertThat(runs.started()).containsExactly("backup-verify/2026-06-04T053000Z");
    // and once more: nothing fires twice
    assertThat(trigger(Instant.parse("2026-06-04T10:00:01Z"), s).tick()).isEmpty();
  }

  @Test
  void aNewScheduleDoesNotFireForThePast() {
    ScheduleDefinition s = schedule("{name: nightly, runbook: backup-verify, cron: \"30 5 * * *\", timeZone: UTC}");

    assertThat(trigger(Instant.parse("2026-06-04T10:00:00Z"), s).tick()).isEmpty();
  }

  @Test
  void aFailedRunPausesASchedulePausingOnFailureUntilItsPauseIsLiftedInTheFile() throws Exception {
    ScheduleDefinition s = schedule(HOURLY + ", pauseOnFailure: true}");
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:30:00Z"), s);
    runUntil(trigger, Instant.parse("2026-06-01T10:00:00Z"), Duration.ofMinutes(30), false);
    runs.end("backup-verify/2026-06-01T100000Z", State.FAILED);

    List<Event> events = runUntil(trigger, Instant.parse("2026-06-01T11:00:00Z"), Duration.ofMinutes(30), false);

    assertThat(events).extracting(Event::kind).containsExactly(Kind.PAUSED_ON_FAILURE, Kind.SKIPPED_PAUSED);
    assertThat(events.get(0).message()).contains("backup-verify/2026-06-01T100000Z failed").contains("state.json");
    // a restart keeps the pause
    ScheduleTrigger restarted = trigger(Instant.parse("2026-06-01T11:00:00Z"), s);
    assertThat(restarted.pauses()).containsEntry("hourly", "paused because backup-verify/2026-06-01T100000Z failed");
    // the operator lifts it
    Path file = dir.resolve("state.json");
    Thread.sleep(20);
    Files.writeString(file, Files.readString(file).replace("\"paused\" : true", "\"paused\" : false"));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
    events = runUntil(restarted, Instant.parse("2026-06-01T12:00:00Z"), Duration.ofMinutes(30), false);

    assertThat(events).extracting(Event::kind).containsExactly(Kind.UNPAUSED, Kind.STARTED);
    assertThat(runs.started()).last().isEqualTo("backup-verify/2026-06-01T120000Z");
  }

  @Test
  void aStartThatFailsIsTriedAgainAndSaidOnce() {
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T09:59:00Z"), schedule(HOURLY + "}"));
    runs.down = new IllegalStateException("UNAVAILABLE: io exception");

    List<Event> events = runUntil(trigger, Instant.parse("2026-06-01T10:03:00Z"), Duration.ofMinutes(1), false);
    runs.down = null;
    events.addAll(trigger.tick());

    assertThat(events).extracting(Event::kind).containsExactly(Kind.START_FAILED, Kind.STARTED);
    assertThat(runs.started()).containsExactly("backup-verify/2026-06-01T100000Z");
  }

  @Test
  void aRunStartedByHandUnderTheSameIdIsNotStartedAgain() {
    ScheduleDefinition s = schedule("{name: evidence, runbook: evidence, calendar: {at: \"23:30\"}, timeZone: UTC}");
    runs.states.put("evidence/2026-06-01", State.COMPLETED);
    ScheduleTrigger trigger = trigger(Instant.parse("2026-06-01T23:00:00Z"), s);

    List<Event> events = runUntil(trigger, Instant.parse("2026-06-01T23:40:00Z"), Duration.ofMinutes(10), false);

    assertThat(events).extracting(Event::kind).containsExactly(Kind.ALREADY_STARTED);
    assertThat(events.get(0).message()).endsWith("evidence/2026-06-01 has already run (completed); not run again");
  }
}
