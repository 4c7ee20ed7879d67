package dev.edgerunbooks.runbooks.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {
  @Test
  void readsEachFormOfAField() {
    CalendarRule rule = CronExpression.parse("5,35 */6 1-7 jan,jul-sep mon-fri");

    assertThat(rule.minutes()).containsExactly(5, 35);
    assertThat(rule.hours()).containsExactly(0, 6, 12, 18);
    assertThat(rule.daysOfMonth()).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(rule.months()).containsExactly(1, 7, 8, 9);
    assertThat(rule.daysOfWeek()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
  }

  @Test
  void stepsFromAValueRunToTheFieldsEndAndSundayIsZeroOrSeven() {
    CalendarRule rule = CronExpression.parse("10/20 3-9/3 * * 0,7");

    assertThat(rule.minutes()).containsExactly(10, 30, 50);
    assertThat(rule.hours()).containsExactly(3, 6, 9);
    assertThat(rule.daysOfWeek()).containsExactly(DayOfWeek.SUNDAY);
    assertThat(CronExpression.parse("0 0 * * 7")).isEqualTo(CronExpression.parse("0 0 * * sun"));
  }

  @Test
  void aliasesStandForTheirFields() {
    assertThat(CronExpression.parse("@daily")).isEqualTo(CronExpression.parse("0 0 * * *"));
    assertThat(CronExpression.parse("@weekly")).isEqualTo(CronExpression.parse("0 0 * * sun"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 0 * *|\"0 0 * *\" has 4 fields, not 5",
      "0 0 0 * * * *|\"0 0 0 * * * *\" has 7 fields, not 5 (seconds and years are not taken)",
      "61 * * * *|the minute field \"61\" has 61, outside 0-59",
      "0 24 * * *|the hour field \"24\" has 24, outside 0-23",
      "0 0 0 * *|the day-of-month field \"0\" has 0, outside 1-31",
      "0 0 * 13 *|the month field \"13\" has 13, outside 1-12",
      "0 0 * foo *|the month field \"foo\" has \"foo\", which is not a number or jan..dec",
      "0 0 ? * mon|the day-of-month field \"?\" is not understood at \"?\": a field is *, a value, a range a-b, a step */n or a-b/n, or a list of those separated by commas",
      "0 0 L * *|the day-of-month field \"l\" has \"l\", which is not a number",
      "0 0 * * 5-1|the day-of-week field \"5-1\" has the range 5-1, which ends before it starts",
      "0 0 * * mon#2|the day-of-week field \"mon#2\" is not understood at \"mon#2\": a field is *, a value, a range a-b, a step */n or a-b/n, or a list of those separated by commas",
      "*/0 * * * *|the minute field \"*/0\" steps by 0",
      "1,,2 * * * *|the minute field \"1,,2\" is not understood at \"\": a field is *, a value, a range a-b, a step */n or a-b/n, or a list of those separated by commas",
      "CRON_TZ=Europe/Berlin 0 0 * * *|\"CRON_TZ=Europe/Berlin 0 0 * * *\" names a time zone in the cron; the schedule's timeZone says it",
      "@often|\"@often\" is not a cron alias (@hourly, @daily, @weekly, @monthly, @yearly)"})
  void refusesWhatItDoesNotTakeNamingTheField(String cron, String message) {
    assertThatThrownBy(() -> CronExpression.parse(cron)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
