package dev.edgerunbooks.runbooks.schedules;

import static dev.edgerunbooks.runbooks.RunbookTests.assertOnlyProblem;
import static dev.edgerunbooks.runbooks.RunbookTests.committed;
import static dev.edgerunbooks.runbooks.RunbookTests.committedFleet;
import static dev.edgerunbooks.runbooks.RunbookTests.fleet;
import static dev.edgerunbooks.runbooks.RunbookTests.onlyProblemOf;
import static dev.edgerunbooks.runbooks.RunbookTests.problemsOf;
import static dev.edgerunbooks.runbooks.RunbookTests.store;
import static dev.edgerunbooks.runbooks.RunbookTests.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleLoaderTest {
  /** Every test changes a line of it, so line numbers stay put. */
  static final String SAMPLE = """
      schedules:
        - name: nightly
          runbook: backup-verify
          input: {stores: [store-0001, store-0002], concurrency: 10}
          cron: "30 5 * * *"
          timeZone: Europe/Berlin
          jitter: 10m
          overlap: buffer-one
          catchupWindow: 6h
          pauseOnFailure: true
        - name: drill
          runbook: dr-drill
          input: {stores: [store-0003], dryRun: true}
          calendar: {months: [jan, apr, jul, oct], daysOfMonth: ["8-14"], days: [tue], at: ["14:30", "09:00"]}
          timeZone: America/New_York
      """;

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  static final FleetDefinition FLEET = fleet(0, List.of("eu"), store("store-0001", "eu"), store("store-0002", "eu"),
      store("store-0003", "eu"));

  static final String CRON_FIX = CronExpression.FORM;

  private static SchedulesDefinition parse(String yaml) {
    return ScheduleLoader.parse(yaml, "schedules.yaml", FLEET, CLOCK);
  }

  private static ValidationProblem onlyProblem(String yaml) {
    return onlyProblemOf(() -> parse(yaml));
  }

  @Test
  void readsEveryField() {
    SchedulesDefinition d = parse(SAMPLE);

    assertThat(d.source()).isEqualTo(Path.of("schedules.yaml"));
    assertThat(d.names()).containsExactly("nightly", "drill");
    ScheduleDefinition nightly = d.find("nightly").orElseThrow();
    assertThat(nightly.runbook()).isEqualTo(ScheduledRunbook.BACKUP_VERIFY);
    assertThat(nightly.input()).isEqualTo(new ScheduleInput(List.of("store-0001", "store-0002"), 10, false, false));
    assertThat(nightly.when().describe()).isEqualTo("cron \"30 5 * * *\"");
    assertThat(nightly.when().rules()).containsExactly(CronExpression.parse("30 5 * * *"));
    assertThat(nightly.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(nightly.jitter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(nightly.overlap()).isEqualTo(OverlapPolicy.BUFFER_ONE);
    assertThat(nightly.catchupWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(nightly.pauseOnFailure()).isTrue();
    assertThat(nightly.location()).isEqualTo(new SourceLocation("schedules.yaml", 2, 5, "schedules[0]"));

    ScheduleDefinition drill = d.find("drill").orElseThrow();
    assertThat(drill.input()).isEqualTo(new ScheduleInput(List.of("store-0003"), 0, true, false));
    assertThat(drill.when().describe()).isEqualTo("calendar jan, apr, jul, oct, days 8-14, tue at 09:00, 14:30");
    assertThat(drill.when().rules()).hasSize(2).allSatisfy(rule -> {
      assertThat(rule.months()).containsExactly(1, 4, 7, 10);
      assertThat(rule.daysOfMonth()).containsExactly(8, 9, 10, 11, 12, 13, 14);
      assertThat(rule.daysOfWeek()).containsExactly(DayOfWeek.TUESDAY);
    });
    // the second Tuesday of July 2026 is the 14th, in New York's summer time
    assertThat(drill.times().next(CLOCK.instant(), 2))
        .containsExactly(Instant.parse("2026-07-14T13:00:00Z"), Instant.parse("2026-07-14T18:30:00Z"));
  }

  @Test
  void defaults() {
    ScheduleDefinition d = parse("""
        schedules:
          - {name: rotation, runbook: cert-rotation, calendar: {at: "01:00"}, timeZone: UTC}
        """).schedules().get(0);

    assertThat(d.input()).isEqualTo(ScheduleInput.DEFAULTS);
    assertThat(d.jitter()).isZero();
    assertThat(d.overlap()).isEqualTo(OverlapPolicy.SKIP);
    assertThat(d.catchupWindow()).isEqualTo(ScheduleLoader.DEFAULT_CATCHUP_WINDOW).isEqualTo(Duration.ofDays(365));
    assertThat(d.pauseOnFailure()).isFalse();
    assertThat(d.when().describe()).isEqualTo("calendar every day at 01:00");
    assertThat(d.when().rules().get(0).daysOfWeek()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
  }

  @Test
  void theCommittedFileFollowsTheSeedAndLoadsAgainstTheCommittedFleet() {
    SchedulesDefinition d = ScheduleLoader.load(committed(ScheduleLoader.FILE_NAME), committedFleet(), CLOCK);

    assertThat(d.schedules()).extracting(ScheduleDefinition::name, ScheduleDefinition::runbook).containsExactly(
        tuple("backup-verify-nightly", ScheduledRunbook.BACKUP_VERIFY),
        tuple("evidence-nightly", ScheduledRunbook.EVIDENCE),
        tuple("restore-test-weekly", ScheduledRunbook.RESTORE_TEST),
        tuple("dr-drill-quarterly", ScheduledRunbook.DR_DRILL),
        tuple("cert-rotation-daily", ScheduledRunbook.CERT_ROTATION),
        tuple("token-rotation-daily", ScheduledRunbook.TOKEN_ROTATION));
    Instant from = Instant.parse("2026-06-01T00:00:00Z");
    // nightly and daily: a fire every day of the year; weekly: 52; quarterly: 4
    for (ScheduleDefinition s : d.schedules()) {
      int expected = switch (s.runbook()) {
        case RESTORE_TEST -> 52;
        case DR_DRILL -> 4;
        default -> 365;
      };
      assertThat(s.times().between(from, from.plus(Duration.ofDays(365)), 1000)).as(s.name()).hasSize(expected);
      // none sits in the hour the clocks skip or repeat
      assertThat(s.times().next(from, 400)).as(s.name())
          .noneMatch(t -> t.atZone(s.timeZone()).getHour() == 2 && !s.timeZone().equals(ZoneId.of("UTC")));
    }
  }

  // ---- refusals

  @Test
  void anUnknownKeyIsRefusedWithTheKeyItProbablyMeant() {
    List<ValidationProblem> problems = problemsOf(() -> parse(withLine(SAMPLE, 6, "    timezone: Europe/Berlin")));

    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path,
        ValidationProblem::message, ValidationProblem::fix).containsExactly(
        tuple(2, 5, "schedules[0].timeZone", "missing required field \"timeZone\"",
            "write the IANA zone its times are in, e.g. timeZone: Europe/Berlin"),
        tuple(6, 5, "schedules[0].timezone", "unknown key \"timezone\"",
            "did you mean \"timeZone\"? allowed keys here: " + String.join(", ", ScheduleLoader.SCHEDULE_KEYS)));
  }

  @Test
  void aCronThatNeverFiresIsRefused() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 5, "    cron: \"0 0 30 2 *\"")), "schedules.yaml", 5, 11,
        "schedules[0].cron",
        "the cron \"0 0 30 2 *\" never fires: no date in the 28 years from 2026-06-01T12:00:00Z has day of month 30"
            + " and month feb",
        "check the days of the month against the months' lengths (February has 28 or 29); a day of the month and a"
            + " weekday must both match, as in Temporal (\"0 3 1-7 * sat\" is the first Saturday)");
  }

  @Test
  void aCalendarThatNeverFiresIsRefusedToo() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 14,
        "    calendar: {months: [feb], daysOfMonth: [30, 31], at: \"09:00\"}"));

    assertThat(p.line()).isEqualTo(14);
    assertThat(p.path()).isEqualTo("schedules[1].calendar");
    assertThat(p.message()).startsWith("the calendar feb, days 30-31 at 09:00 never fires");
  }

  @Test
  void aMalformedCronNamesTheField() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 5, "    cron: \"30 25 * * *\"")), "schedules.yaml", 5, 11,
        "schedules[0].cron", "the hour field \"25\" has 25, outside 0-23", CRON_FIX);
  }

  @Test
  void aZoneThatIsNotIanaIsRefused() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 6, "    timeZone: Europe/Berlim"));

    assertThat(p).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path, ValidationProblem::message)
        .containsExactly(6, 15, "schedules[0].timeZone", "\"Europe/Berlim\" is not an IANA time zone");
    assertThat(p.fix()).startsWith("did you mean \"Europe/Berlin\"?");
    assertThat(onlyProblem(withLine(SAMPLE, 6, "    timeZone: \"+01:00\"")).message()).isEqualTo("\"+01:00\" is not an IANA time zone");
  }

  @Test
  void aJitterNotShorterThanTheTimeBetweenTwoFiresIsRefused() {
    String hourly = withLine(SAMPLE, 5, "    cron: \"0 * * * *\"");
    assertOnlyProblem(() -> parse(withLine(hourly, 7, "    jitter: 1h")), "schedules.yaml", 7, 13, "schedules[0].jitter",
        "jitter 1h is not shorter than the 1h between two fires (from 2026-06-01 15:00 in Europe/Berlin), so a start could"
            + " be delayed past the next",
        "write a jitter shorter than 1h, e.g. a tenth of it, or fire less often");
    // a day, then: the spring-forward night is only 23 hours long
    ValidationProblem daily = onlyProblem(withLine(SAMPLE, 7, "    jitter: 23h30m"));
    assertThat(daily.message()).isEqualTo("jitter 23h30m is not shorter than the 23h between two fires (from 2027-03-27 05:30"
        + " in Europe/Berlin), so a start could be delayed past the next");
    assertThat(parse(withLine(SAMPLE, 7, "    jitter: 22h")).schedules().get(0).jitter()).isEqualTo(Duration.ofHours(22));
  }

  @Test
  void aRunbookStartedOnDemandIsNotScheduled() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 3, "    runbook: patch-wave"));

    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).startsWith("\"patch-wave\" is not started by a schedule: patch waves are started on demand");
    assertThat(p.fix()).isEqualTo("schedule one of backup-verify, evidence, restore-test, dr-drill, cert-rotation,"
        + " token-rotation, or remove this schedule");
    assertThat(onlyProblem(withLine(SAMPLE, 3, "    runbook: backup-verfy")).fix())
        .startsWith("did you mean \"backup-verify\"?");
  }

  @Test
  void anInputKeyTheRunbookDoesNotTakeIsRefused() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 4, "    input: {stores: [store-0001], force: true}")), "schedules.yaml",
        4, 35, "schedules[0].input.force", "unknown key \"force\"", "allowed keys here: stores, concurrency, dryRun");
  }

  @Test
  void anUnknownStoreIsRefusedWithTheClosest() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 4, "    input: {stores: [store-0001, stroe-0002]}")), "schedules.yaml",
        4, 34, "schedules[0].input.stores[1]", "\"stroe-0002\" is not a store of fleet test",
        "did you mean \"store-0002\"? write a store id of fleet.yaml, e.g. store-0001");
  }

  @Test
  void aDrDrillNeedsStores() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 13, "    input: {dryRun: true}")), "schedules.yaml", 13, 12,
        "schedules[1].input", "a DR drill rebuilds the stores it is given, and none is named",
        "name them, e.g. stores: [store-0001]");
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 13, "    # no input")), "schedules.yaml", 11, 5, "schedules[1]",
        "a dr-drill schedule has no input: a DR drill rebuilds the stores it is given",
        "name them, e.g. input: {stores: [store-0001]}");
  }

  @Test
  void aScheduleFiresByACronOrACalendarNotBothNorNeither() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 15, "    timeZone: America/New_York\n    cron: \"0 9 * * *\"")),
        "schedules.yaml", 16, 11, "schedules[1].cron", "the schedule has both a cron and a calendar",
        "keep one of them: a schedule fires by one or the other");
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 5, "    # no cron")), "schedules.yaml", 2, 5, "schedules[0]",
        "the schedule says not when it fires",
        "write a cron, e.g. cron: \"30 5 * * *\", or a calendar, e.g. calendar: {days: [sun], at: \"02:00\"}");
  }

  @Test
  void aCalendarsFieldsAreChecked() {
    List<ValidationProblem> problems = problemsOf(() -> parse(withLine(SAMPLE, 14,
        "    calendar: {months: [janu], daysOfMonth: [\"14-8\"], days: [tues], at: [\"9:00\"], every: 1h}")));

    assertThat(problems).extracting(ValidationProblem::path, ValidationProblem::message).containsExactly(
        tuple("schedules[1].calendar.months[0]", "\"janu\" is not a month"),
        tuple("schedules[1].calendar.daysOfMonth[0]", "\"14-8\" is not a day of the month or a range of them"),
        tuple("schedules[1].calendar.days[0]", "\"tues\" is not a weekday"),
        tuple("schedules[1].calendar.at[0]", "\"9:00\" is not a time of day"),
        tuple("schedules[1].calendar.every", "unknown key \"every\""));
    assertThat(problems.get(2).fix()).isEqualTo("did you mean \"tue\"? write mon, tue, wed, thu, fri, sat, sun");
  }

  @Test
  void aCatchupWindowShorterThanTemporalsLeastIsRefused() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 9, "    catchupWindow: 5s")), "schedules.yaml", 9, 20,
        "schedules[0].catchupWindow", "catchupWindow 5s is less than Temporal's least, 10s",
        "write 10s or more: how late a time missed while the server was down may still start, e.g. 6h");
  }

  @Test
  void anUnknownOverlapPolicyIsRefusedWithTheChoices() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 8, "    overlap: buffer"));

    assertThat(p.message()).isEqualTo("\"buffer\" is not one of skip, buffer-one, buffer-all, cancel-other, terminate-other,"
        + " allow-all");
  }

  @Test
  void namesAreUnique() {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, 11, "  - name: nightly")), "schedules.yaml", 11, 11, "schedules[1].name",
        "duplicate schedule name \"nightly\" (first at line 2)", "give each schedule its own name");
  }

  @Test
  void evidenceIsScheduledInUtc() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 3, "    runbook: evidence"));

    assertThat(p).extracting(ValidationProblem::line, ValidationProblem::path).containsExactly(6, "schedules[0].timeZone");
    assertThat(p.message()).startsWith("an evidence schedule in Europe/Berlin: evidence records days in UTC");
    assertThat(parse(withLine(withLine(SAMPLE, 3, "    runbook: evidence"), 6, "    timeZone: UTC")).schedules()).hasSize(2);
  }

  @Test
  void everyProblemOfTheFileIsReportedAtOnce() {
    String broken = withLine(withLine(withLine(SAMPLE, 5, "    cron: \"0 0 30 2 *\""), 12, "    runbook: patch-wave"), 15,
        "    timeZone: Mars/Olympus");

    assertThat(problemsOf(() -> parse(broken))).extracting(ValidationProblem::line).containsExactly(5, 12, 15);
  }
}
