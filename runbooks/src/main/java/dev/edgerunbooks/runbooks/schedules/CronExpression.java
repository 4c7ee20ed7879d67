package dev.edgerunbooks.runbooks.schedules;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) read as Temporal's
 * schedules read one: each field is {@code *}, a value, a range {@code a-b}, a step {@code *}/n,
 * {@code a-b/n} or {@code a/n} (a to the field's end), or a comma-separated list of those; months may be
 * written {@code jan}..{@code dec} and days of the week {@code sun}..{@code sat} (or 0-7, 0 and 7 both
 * Sunday); {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly} and {@code @hourly} stand
 * for their five fields. Day of month and day of week must both match, as in Temporal (not either, as in
 * Vixie cron). Quartz's {@code ?}, {@code L}, {@code W} and {@code #}, seconds and years are refused.
 */
public final class CronExpression {
  /** The fix every refusal ends with. */
  public static final String FORM = "write five fields, minute hour day-of-month month day-of-week, e.g. \"30 1 * * *\""
      + " (01:30 every day) or \"0 9 8-14 1,4,7,10 tue\" (the second Tuesday of each quarter at 09:00)";

  static final Map<String, String> ALIASES = Map.of(
      "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
  static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  private static final Pattern ITEM = Pattern.compile("(\\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:/(\\d+))?");

  /** A field: its name in messages, its range, and the names its values may be written as (index + offset). */
  private record Field(String name, int min, int max, List<String> names, int nameOffset) {}

  private static final Field MINUTE = new Field("minute", 0, 59, List.of(), 0);
  private static final Field HOUR = new Field("hour", 0, 23, List.of(), 0);
  private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, List.of(), 0);
  private static final Field MONTH = new Field("month", 1, 12, MONTHS, 1);
  private static final Field DAY_OF_WEEK = new Field("day-of-week", 0, 7, DAYS, 0);

  private CronExpression() {}

  /**
   * The rule {@code text} stands for.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it (without the fix: see
   *     {@link #FORM})
   */
  public static CalendarRule parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("cron_tz=") || trimmed.startsWith("tz=")) {
      throw new IllegalArgumentException("\"" + text + "\" names a time zone in the cron; the schedule's timeZone says it");
    }
    if (trimmed.startsWith("@")) {
      String alias = ALIASES.get(trimmed);
      if (alias == null) {
        throw new IllegalArgumentException("\"" + text + "\" is not a cron alias (@hourly, @daily, @weekly, @monthly, @yearly)");
      }
      trimmed = alias;
    }
    String[] fields = trimmed.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("\"" + text + "\" has " + fields.length + (fields.length == 1 ? " field" : " fields")
          + ", not 5" + (fields.length > 5 ? " (seconds and years are not taken)" : ""));
    }
    SortedSet<Integer> days = parseField(DAY_OF_WEEK, fields[4]);
    Set<DayOfWeek> daysOfWeek = EnumSet.noneOf(DayOfWeek.class);
    days.forEach(d -> daysOfWeek.add(d % 7 == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(d)));
    return new CalendarRule(parseField(MINUTE, fields[0]), parseField(HOUR, fields[1]), parseField(DAY_OF_MONTH, fields[2]),
        parseField(MONTH, fields[3]), daysOfWeek);
  }

  private static SortedSet<Integer> parseField(Field field, String text) {
    SortedSet<Integer> values = new TreeSet<>();
    for (String item : text.split(",", -1)) {
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw new IllegalArgumentException("the " + field.name() + " field \"" + text + "\" is not understood at \"" + item
            + "\": a field is *, a value, a range a-b, a step */n or a-b/n, or a list of those separated by commas");
      }
      boolean star = m.group(1).equals("*");
      if (star && m.group(2) != null) {
        throw new IllegalArgumentException("the " + field.name() + " field \"" + text + "\" has a range starting at *");
      }
      int from = star ? field.min() : value(field, m.group(1), text);
      int to = m.group(2) != null ? value(field, m.group(2), text) : star || m.group(3) != null ? field.max() : from;
      if (to < from) {
        throw new IllegalArgumentException("the " + field.name() + " field \"" + text + "\" has the range " + item
            + ", which ends before it starts");
      }
      int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
      if (step < 1) {
        throw new IllegalArgumentException("the " + field.name() + " field \"" + text + "\" steps by 0");
      }
      for (int v = from; v <= to; v += step) {
        values.add(v);
      }
    }
    return values;
  }

  private static int value(Field field, String text, String whole) {
    int index = field.names().indexOf(text);
    if (index >= 0) {
      return index + field.nameOffset();
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      String names = field.names().isEmpty() ? "" : " or " + field.names().get(0) + ".." + field.names().get(field.names().size() - 1);
      throw new IllegalArgumentException("the " + field.name() + " field \"" + whole + "\" has \"" + text
          + "\", which is not a number" + names);
    }
    if (value < field.min() || value > field.max()) {
      throw new IllegalArgumentException("the " + field.name() + " field \"" + whole + "\" has " + value + ", outside "
          + field.min() + "-" + field.max());
    }
    return value;
  }
}
