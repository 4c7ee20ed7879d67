package dev.edgerunbooks.workflows.common;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a store may be changed (a patch, a certificate renewal): a daily maintenance window in the store's own time zone (outside its
 * trading hours) on the listed weekdays, minus freezes. A window whose end is not after its start
 * runs past midnight ({@code 22:00-04:00}); equal ends mean the whole day. The weekday and freeze
 * of an overnight window are those of the day it starts.
 *
 * <p>DST: a window's ends are local times resolved as {@link ZonedDateTime#of} does, so a start
 * inside a spring-forward gap moves to the first instant after the gap and a window crossing a
 * change is that much shorter or longer. A window shorter than {@code minimumLength} that day is
 * skipped rather than started.
 *
 * @param days the weekdays on which a window starts
 * @param from store-local start of the window
 * @param to store-local end of the window
 * @param minimumLength the least time left in a window for a store's change to start in it
 * @param freezes dates on which no window starts
 */
public record StoreCalendar(
    Set<DayOfWeek> days, LocalTime from, LocalTime to, Duration minimumLength, List<Freeze> freezes) {
  /** How far ahead a window is looked for; a calendar with none this far out can never be met. */
  public static final int HORIZON_DAYS = 400;

  public StoreCalendar {
    days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    freezes = List.copyOf(freezes);
  }

  /** Every day, the whole day, no freeze: for tests and labs. */
  public static StoreCalendar always() {
    return new StoreCalendar(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, Duration.ZERO, List.of());
  }

  /** A window occurrence, as instants. */
  public record Opening(Instant start, Instant end) {
    public Duration length() {
      return Duration.between(start, end);
    }
  }

  /**
   * The window a change may start in at {@code now} or later: the window open now if at least
   * {@code minimumLength} of it is left (its start is then reported as {@code now}), otherwise the
   * next one; empty when none opens within {@link #HORIZON_DAYS}.
   */
  public Optional<Opening> next(Instant now, ZoneId zone) {
    LocalDate today = now.atZone(zone).toLocalDate();
    for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(HORIZON_DAYS)); day = day.plusDays(1)) {
      Optional<Opening> window = on(day, zone);
      if (window.isEmpty()) continue;
      Opening w = window.get();
      Instant start = w.start().isBefore(now) ? now : w.start();
      if (start.isBefore(w.end()) && Duration.between(start, w.end()).compareTo(minimumLength) >= 0) {
        return Optional.of(new Opening(start, w.end()));
      }
    }
    return Optional.empty();
  }

  /** Whether a change may start at {@code now}. */
  public boolean isOpen(Instant now, ZoneId zone) {
    return next(now, zone).map(o -> o.start().equals(now)).orElse(false);
  }

  /** The window that starts on this store-local day, if the weekday has one and no freeze covers it. */
  public Optional<Opening> on(LocalDate day, ZoneId zone) {
    if (!days.contains(day.getDayOfWeek()) || freezes.stream().anyMatch(f -> f.covers(day))) return Optional.empty();
    ZonedDateTime start = ZonedDateTime.of(day, from, zone);
    ZonedDateTime end = ZonedDateTime.of(to.isAfter(from) ? day : day.plusDays(1), to, zone);
    return Optional.of(new Opening(start.toInstant(), end.toInstant()));
  }
}
