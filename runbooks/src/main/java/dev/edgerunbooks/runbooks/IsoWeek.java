package dev.edgerunbooks.runbooks;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week, written {@code 2026-W48}, and its index: the number of weeks since 1970-W01. The
 * index counts on across year ends (2026-W53, then 2027-W01), which is what makes week-based rotations
 * seamless.
 */
public record IsoWeek(int year, int week) implements Comparable<IsoWeek> {
  public static final String FORM = "write an ISO week as YYYY-Www, e.g. 2026-W48";

  private static final Pattern FORMAT = Pattern.compile("(\\d{4})-W(\\d{2})");
  // The Monday of 1970-W01.
  private static final LocalDate INDEX_ZERO = LocalDate.of(1969, 12, 29);

  /** @throws IllegalArgumentException when the year has no such week */
  public IsoWeek {
    if (year < 1 || year > 9999) {
      throw new IllegalArgumentException("year " + year + " is not between 1 and 9999");
    }
    int weeks = weeksIn(year);
    if (week < 1 || week > weeks) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%04d-W%02d does not exist: %d has ISO weeks W01 to W%d", year, week, year, weeks));
    }
  }

  /**
   * Reads {@code 2026-W48} (a lower-case {@code w} and surrounding blanks are accepted).
   *
   * @throws IllegalArgumentException naming the text and the form, or the weeks the year has
   */
  public static IsoWeek parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a week is required; " + FORM);
    }
    Matcher m = FORMAT.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not an ISO week; " + FORM);
    }
    return new IsoWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The week {@code date} lies in (which may belong to the previous or next year: 2027-01-01 is in 2026-W53). */
  public static IsoWeek of(LocalDate date) {
    return new IsoWeek(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  public static IsoWeek ofIndex(long index) {
    return of(INDEX_ZERO.plusWeeks(index));
  }

  /** 52 or 53. */
  public static int weeksIn(int year) {
    // 28 December always lies in the last week of its year.
    return LocalDate.of(year, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
  }

  /** Weeks since 1970-W01 (negative before it). */
  public long index() {
    return ChronoUnit.WEEKS.between(INDEX_ZERO, monday());
  }

  public LocalDate monday() {
    // 4 January always lies in week 1.
    return LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
  }

  public IsoWeek plusWeeks(long weeks) {
    return ofIndex(index() + weeks);
  }

  @Override
  public int compareTo(IsoWeek other) {
    return year != other.year ? Integer.compare(year, other.year) : Integer.compare(week, other.week);
  }

  /** {@code 2026-W48}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%04d-W%02d", year, week);
  }
}
