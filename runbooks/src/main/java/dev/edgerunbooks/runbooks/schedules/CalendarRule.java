package dev.edgerunbooks.runbooks.schedules;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The wall-clock times one rule of a schedule fires at, as Temporal's calendar spec has them: a time
 * matches when its minute, hour, day of month, month and day of week are all in the sets. Both fields
 * of the day must match (Temporal's rule; Vixie cron fires when either does), so {@code 0 3 1-7 * sat}
 * is the first Saturday of the month. Seconds are always 0.
 *
 * @param minutes 0 to 59
 * @param hours 0 to 23
 * @param daysOfMonth 1 to 31
 * @param months 1 to 12
 * @param daysOfWeek at least one
 */
public record CalendarRule(
    SortedSet<Integer> minutes,
    SortedSet<Integer> hours,
    SortedSet<Integer> daysOfMonth,
    SortedSet<Integer> months,
    Set<DayOfWeek> daysOfWeek) {

  public CalendarRule {
    minutes = checked("minutes", minutes, 0, 59);
    hours = checked("hours", hours, 0, 23);
    daysOfMonth = checked("days of month", daysOfMonth, 1, 31);
    months = checked("months", months, 1, 12);
    if (daysOfWeek.isEmpty()) {
      throw new IllegalArgumentException("a calendar rule needs at least one day of the week");
    }
    daysOfWeek = Collections.unmodifiableSet(EnumSet.copyOf(daysOfWeek));
  }

  /** Every {@code from}..{@code to} of a field, for building rules. */
  public static SortedSet<Integer> range(int from, int to) {
    SortedSet<Integer> values = new TreeSet<>();
    for (int i = from; i <= to; i++) {
      values.add(i);
    }
    return values;
  }

  /** Whether a time of this rule falls on {@code date}. */
  public boolean matches(LocalDate date) {
    return months.contains(date.getMonthValue())
        && daysOfMonth.contains(date.getDayOfMonth())
        && daysOfWeek.contains(date.getDayOfWeek());
  }

  /** The times of day it fires at on a matching date, earliest first. */
  public List<LocalTime> timesOfDay() {
    List<LocalTime> times = new ArrayList<>(hours.size() * minutes.size());
    for (int hour : hours) {
      for (int minute : minutes) {
        times.add(LocalTime.of(hour, minute));
      }
    }
    return times;
  }

  private static SortedSet<Integer> checked(String field, SortedSet<Integer> values, int min, int max) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a calendar rule needs at least one value of " + field);
    }
    if (values.first() < min || values.last() > max) {
      throw new IllegalArgumentException(field + " " + values + " are not all within " + min + "-" + max);
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(values));
  }
}
