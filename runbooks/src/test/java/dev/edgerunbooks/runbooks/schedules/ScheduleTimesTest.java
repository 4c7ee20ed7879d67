package dev.edgerunbooks.runbooks.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When schedules fire, across daylight-saving changes above all. */
class ScheduleTimesTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static ScheduleTimes cron(String cron, ZoneId zone) {
    return new ScheduleTimes(List.of(CronExpression.parse(cron)), zone);
  }

  static Instant utc(String text) {
    return Instant.parse(text);
  }

  @Test
  void aDailyTimeInTheHourBerlinSkipsInSpringHasNoFireThatDay() {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST, so 02:30 does not exist
    ScheduleTimes daily = cron("30 2 * * *", BERLIN);

    assertThat(daily.next(utc("2026-03-27T12:00:00Z"), 3)).containsExactly(
        utc("2026-03-28T01:30:00Z"),  // 02:30 CET
        utc("2026-03-30T00:30:00Z"),  // 02:30 CEST: the 29th has none
        utc("2026-03-31T00:30:00Z"));
    assertThat(daily.at(LocalDateTime.parse("2026-03-29T02:30"))).isEmpty();
  }

  @Test
  void aDailyTimeInTheHourBerlinRepeatsInAutumnFiresOnceTheSecondTime() {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:30 comes twice (00:30 and 01:30 UTC)
    ScheduleTimes daily = cron("30 2 * * *", BERLIN);

    assertThat(daily.between(utc("2026-10-24T12:00:00Z"), utc("2026-10-26T12:00:00Z"), 10)).containsExactly(
        utc("2026-10-25T01:30:00Z"),  // 02:30 CET, the second 02:30, as Temporal's server picks in Berlin
        utc("2026-10-26T01:30:00Z"));
    // from between the two 02:30s the next is the second, and from the second the next day's
    assertThat(daily.next(utc("2026-10-25T00:45:00Z"))).contains(utc("2026-10-25T01:30:00Z"));
    assertThat(daily.next(utc("2026-10-25T01:30:00Z"))).contains(utc("2026-10-26T01:30:00Z"));
  }

  @Test
  void aDailyScheduleFiresOnceADayThroughBothChangesAtTheSameWallClockTime() {
    ScheduleTimes daily = cron("15 4 * * *", BERLIN);

    List<Instant> spring = daily.between(utc("2026-03-27T12:00:00Z"), utc("2026-03-31T12:00:00Z"), 10);
    List<Instant> autumn = daily.between(utc("2026-10-23T12:00:00Z"), utc("2026-10-27T12:00:00Z"), 10);

    assertThat(spring).hasSize(4).allSatisfy(t -> assertThat(t.atZone(BERLIN).toLocalTime()).hasToString("04:15"));
    assertThat(autumn).hasSize(4).allSatisfy(t -> assertThat(t.atZone(BERLIN).toLocalTime()).hasToString("04:15"));
    // 28th to 29th March, 24th to 25th October
    assertThat(Duration.between(spring.get(0), spring.get(1))).isEqualTo(Duration.ofHours(23));
    assertThat(Duration.between(autumn.get(0), autumn.get(1))).isEqualTo(Duration.ofHours(25));
  }

  @Test
  void newYorkRepeatsOneHourInNovemberAndItFiresOnce() {
    // 1 November 2026: 02:00 EDT becomes 01:00 EST; 01:30 comes at 05:30 and 06:30 UTC
    ScheduleTimes daily = cron("30 1 * * *", NEW_YORK);

    assertThat(daily.between(utc("2026-10-31T12:00:00Z"), utc("2026-11-02T12:00:00Z"), 10))
        .containsExactly(utc("2026-11-01T06:30:00Z"), utc("2026-11-02T06:30:00Z"));
  }

  @Test
  void aSubDailyScheduleNeverFiresTwiceAtOneWallClockTime() {
    ScheduleTimes quarterHours = cron("*/15 * * * *", BERLIN);

    List<Instant> day = quarterHours.between(utc("2026-10-24T21:59:00Z"), utc("2026-10-25T23:00:00Z"), 500);

    assertThat(day).doesNotHaveDuplicates().isSorted();
    assertThat(day.stream().map(t -> t.atZone(BERLIN).toLocalDateTime()).distinct()).hasSameSizeAs(day);
    // 24 hours of the calendar day at four a hour: the repeated hour's wall-clock times once each
    assertThat(day.stream().filter(t -> t.atZone(BERLIN).toLocalDate().toString().equals("2026-10-25"))).hasSize(96);
  }

  @Test
  void theShortestGapOfADailyBerlinScheduleIsTheSpringDay() {
    ScheduleTimes daily = cron("0 4 * * *", BERLIN);

    ScheduleTimes.Gap gap = daily.shortestGap(utc("2026-01-01T00:00:00Z")).orElseThrow();

    assertThat(gap.length()).isEqualTo(Duration.ofHours(23));
    assertThat(gap.after()).isEqualTo(utc("2026-03-28T03:00:00Z"));
  }

  @Test
  void aCronThatNeverFiresHasNoNextTime() {
    assertThat(cron("0 0 30 2 *", BERLIN).next(utc("2026-01-01T00:00:00Z"))).isEmpty();
    assertThat(cron("0 0 31 4,6,9,11 *", BERLIN).next(utc("2026-01-01T00:00:00Z"))).isEmpty();
    // day of month and weekday both match: the 29th of February on a Monday comes in 2044
    assertThat(cron("0 0 29 2 mon", ZoneId.of("UTC")).next(utc("2026-01-01T00:00:00Z")))
        .contains(utc("2044-02-29T00:00:00Z"));
  }

  @Test
  void dayOfMonthAndWeekdayMustBothMatch() {
    // the second Tuesday of each quarter's first month
    ScheduleTimes quarterly = cron("0 9 8-14 1,4,7,10 tue", BERLIN);

    assertThat(quarterly.next(utc("2026-01-01T00:00:00Z"), 4)).containsExactly(
        utc("2026-01-13T08:00:00Z"), utc("2026-04-14T07:00:00Z"), utc("2026-07-14T07:00:00Z"), utc("2026-10-13T07:00:00Z"));
  }

  @Test
  void jitterIsTheSameForTheSameScheduleAndTimeAndStaysBeforeTheNextTime() {
    ScheduleTimes hourly = cron("0 * * * *", BERLIN);
    Instant nominal = utc("2026-06-01T10:00:00Z");

    Instant once = hourly.jittered("backup-verify-nightly", nominal, Duration.ofMinutes(10));
    Instant again = hourly.jittered("backup-verify-nightly", nominal, Duration.ofMinutes(10));

    assertThat(once).isEqualTo(again).isBetween(nominal, nominal.plus(Duration.ofMinutes(10)));
    assertThat(hourly.jittered("backup-verify-nightly", nominal, Duration.ZERO)).isEqualTo(nominal);
    // capped below the next hour, as Temporal's scheduler caps it
    for (int h = 0; h < 48; h++) {
      Instant t = nominal.plus(Duration.ofHours(h));
      assertThat(hourly.jittered("s", t, Duration.ofHours(5))).isBetween(t, t.plus(Duration.ofMinutes(60)).minusMillis(1));
    }
    // and spread: different schedules, different delays
    assertThat(List.of("a", "b", "c", "d", "e").stream().map(s -> hourly.jittered(s, nominal, Duration.ofMinutes(10))).distinct())
        .hasSizeGreaterThan(1);
  }

  @Test
  void severalRulesFireAtEachOfTheirTimesOnce() {
    ScheduleTimes twice = new ScheduleTimes(
        List.of(CronExpression.parse("0 1 * * *"), CronExpression.parse("0 13 * * *"), CronExpression.parse("0 1 * * *")),
        ZoneId.of("UTC"));

    assertThat(twice.next(utc("2026-06-01T00:00:00Z"), 3))
        .containsExactly(utc("2026-06-01T01:00:00Z"), utc("2026-06-01T13:00:00Z"), utc("2026-06-02T01:00:00Z"));
  }
}
