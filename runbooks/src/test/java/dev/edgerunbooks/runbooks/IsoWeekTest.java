package dev.edgerunbooks.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsoWeekTest {

  @Test
  void parsesAndWritesTheCanonicalForm() {
    assertThat(IsoWeek.parse("2026-W48")).isEqualTo(new IsoWeek(2026, 48));
    assertThat(IsoWeek.parse(" 2026-w05 ")).hasToString("2026-W05");
    assertThat(new IsoWeek(2026, 1).toString()).isEqualTo("2026-W01");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', value = {
      "2026-48|\"2026-48\" is not an ISO week; write an ISO week as YYYY-Www, e.g. 2026-W48",
      "2026-W4|\"2026-W4\" is not an ISO week; write an ISO week as YYYY-Www, e.g. 2026-W48",
      "26-W48|\"26-W48\" is not an ISO week; write an ISO week as YYYY-Www, e.g. 2026-W48",
      "2026-W48-1|\"2026-W48-1\" is not an ISO week; write an ISO week as YYYY-Www, e.g. 2026-W48",
      "2026-W00|2026-W00 does not exist: 2026 has ISO weeks W01 to W53",
      "2026-W54|2026-W54 does not exist: 2026 has ISO weeks W01 to W53",
      "2027-W53|2027-W53 does not exist: 2027 has ISO weeks W01 to W52",
      "0000-W01|year 0 is not between 1 and 9999",
  })
  void parseErrorsSayWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> IsoWeek.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void blankIsRefused() {
    assertThatThrownBy(() -> IsoWeek.parse(" ")).hasMessage("a week is required; write an ISO week as YYYY-Www, e.g. 2026-W48");
    assertThatThrownBy(() -> IsoWeek.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} is in {1}")
  @CsvSource({
      "2026-11-23, 2026-W48",
      "2026-11-29, 2026-W48",
      "2027-01-01, 2026-W53",
      "2027-01-04, 2027-W01",
      "2024-12-30, 2025-W01",
      "2021-01-03, 2020-W53",
  })
  void weekOfADate(LocalDate date, String week) {
    assertThat(IsoWeek.of(date)).hasToString(week);
  }

  @Test
  void mondayOfAWeek() {
    assertThat(IsoWeek.parse("2026-W48").monday()).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(IsoWeek.parse("2026-W53").monday()).isEqualTo(LocalDate.of(2026, 12, 28));
    assertThat(IsoWeek.parse("2025-W01").monday()).isEqualTo(LocalDate.of(2024, 12, 30));
  }

  @Test
  void indexCountsWeeksSince1970W01() {
    assertThat(IsoWeek.parse("1970-W01").index()).isZero();
    assertThat(IsoWeek.parse("1970-W02").index()).isEqualTo(1);
    assertThat(IsoWeek.parse("1969-W52").index()).isEqualTo(-1);
    assertThat(IsoWeek.ofIndex(0)).hasToString("1970-W01");
  }

  @Test
  void indexIsConsecutiveAcrossYearEnds() {
    assertThat(IsoWeek.parse("2027-W01").index() - IsoWeek.parse("2026-W53").index()).isEqualTo(1);
    assertThat(IsoWeek.parse("2026-W53").index() - IsoWeek.parse("2026-W52").index()).isEqualTo(1);
    assertThat(IsoWeek.parse("2028-W01").index() - IsoWeek.parse("2027-W52").index()).isEqualTo(1);
    assertThat(IsoWeek.parse("2026-W53").plusWeeks(1)).hasToString("2027-W01");
    assertThat(IsoWeek.parse("2027-W01").plusWeeks(-1)).hasToString("2026-W53");
  }

  @Test
  void everyWeekOfFourCenturiesRoundTrips() {
    IsoWeek week = IsoWeek.parse("1900-W01");
    long index = week.index();
    while (week.year() < 2300) {
      assertThat(IsoWeek.ofIndex(index)).isEqualTo(week);
      assertThat(IsoWeek.parse(week.toString())).isEqualTo(week);
      IsoWeek next = week.week() < IsoWeek.weeksIn(week.year())
          ? new IsoWeek(week.year(), week.week() + 1)
          : new IsoWeek(week.year() + 1, 1);
      assertThat(next.index()).as("after %s", week).isEqualTo(++index);
      assertThat(next).isGreaterThan(week);
      week = next;
    }
  }
}
