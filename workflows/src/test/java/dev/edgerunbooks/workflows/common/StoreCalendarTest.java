package dev.edgerunbooks.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreCalendarTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static StoreCalendar nightly(LocalTime from, LocalTime to, Duration min, List<Freeze> freezes) {
    return new StoreCalendar(EnumSet.allOf(DayOfWeek.class), from, to, min, freezes);
  }

  private static Instant at(String local, ZoneId zone) {
    return java.time.LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  @Test
  void anOpenWindowStartsNowAndAClosedOneAtItsNextOpening() {
    StoreCalendar c = nightly(LocalTime.of(1, 0), LocalTime.of(5, 0), Duration.ofMinutes(90), List.of());

    assertThat(c.next(at("2026-11-24T02:00", BERLIN), BERLIN).orElseThrow().start()).isEqualTo(at("2026-11-24T02:00", BERLIN));
    assertThat(c.next(at("2026-11-24T04:00", BERLIN), BERLIN).orElseThrow().start())
        .as("one hour left is less than the minimum of 90 minutes")
        .isEqualTo(at("2026-11-25T01:00", BERLIN));
    assertThat(c.isOpen(at("2026-11-24T12:00", BERLIN), BERLIN)).isFalse();
  }

  @Test
  void aWindowPastMidnightBelongsToTheDayItStarts() {
    StoreCalendar c = new StoreCalendar(Set.of(DayOfWeek.SATURDAY), LocalTime.of(22, 0), LocalTime.of(4, 0), Duration.ofHours(1), List.of());

    StoreCalendar.Opening o = c.next(at("2026-11-29T01:00", BERLIN), BERLIN).orElseThrow(); // Sunday 01:00, in Saturday's window
    assertThat(o.start()).isEqualTo(at("2026-11-29T01:00", BERLIN));
    assertThat(o.end()).isEqualTo(at("2026-11-29T04:00", BERLIN));
  }

  @Test
  void freezesSkipTheirDays() {
    StoreCalendar c = nightly(LocalTime.of(1, 0), LocalTime.of(5, 0), Duration.ZERO, List.of(new Freeze("black-friday", LocalDate.of(2026, 11, 26), LocalDate.of(2026, 11, 30))));

    assertThat(c.next(at("2026-11-25T12:00", BERLIN), BERLIN).orElseThrow().start()).isEqualTo(at("2026-12-01T01:00", BERLIN));
  }

  @Test
  void springForwardShortensTheWindowAndSkipsItWhenTooShort() {
    // 2027-03-28 in Berlin: 02:00 becomes 03:00. A 02:00-03:00 window has no time at all that night.
    StoreCalendar c = nightly(LocalTime.of(2, 0), LocalTime.of(3, 0), Duration.ofMinutes(30), List.of());

    StoreCalendar.Opening o = c.next(at("2027-03-27T12:00", BERLIN), BERLIN).orElseThrow();
    assertThat(o.start()).isEqualTo(at("2027-03-29T02:00", BERLIN));

    StoreCalendar wide = nightly(LocalTime.of(1, 0), LocalTime.of(5, 0), Duration.ZERO, List.of());
    assertThat(wide.on(LocalDate.of(2027, 3, 28), BERLIN).orElseThrow().length()).isEqualTo(Duration.ofHours(3));
  }

  @Test
  void fallBackLengthensTheWindowAndOpensOnce() {
    // 2026-11-01 in New York: 01:00-02:00 happens twice; the window opens at the first 01:00.
    StoreCalendar c = nightly(LocalTime.of(1, 0), LocalTime.of(5, 0), Duration.ZERO, List.of());

    StoreCalendar.Opening o = c.on(LocalDate.of(2026, 11, 1), NEW_YORK).orElseThrow();
    assertThat(o.length()).isEqualTo(Duration.ofHours(5));
    assertThat(o.start()).isEqualTo(Instant.parse("2026-11-01T05:00:00Z"));
  }

  @Test
  void aCalendarThatNeverOpensFindsNothing() {
    StoreCalendar frozen = nightly(LocalTime.of(1, 0), LocalTime.of(5, 0), Duration.ZERO, List.of(new Freeze("forever", LocalDate.of(2026, 1, 1), LocalDate.of(2030, 1, 1))));
    StoreCalendar tooShort = nightly(LocalTime.of(1, 0), LocalTime.of(2, 0), Duration.ofMinutes(90), List.of());

    assertThat(frozen.next(at("2026-11-24T12:00", BERLIN), BERLIN)).isEmpty();
    assertThat(tooShort.next(at("2026-11-24T12:00", BERLIN), BERLIN)).isEmpty();
  }
}
