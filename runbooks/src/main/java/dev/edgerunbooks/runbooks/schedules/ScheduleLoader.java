package dev.edgerunbooks.runbooks.schedules;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.yaml.UniqueValues;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code schedules.yaml}, the schedules that start runbooks:
 *
 * <pre>{@code
 * schedules:
 *   - name: backup-verify-nightly   # 1-63 lowercase letters, digits, dashes; the Temporal Schedule edge/<name>
 *     runbook: backup-verify        # backup-verify | evidence | restore-test | dr-drill | cert-rotation | token-rotation
 *     input: {concurrency: 50}      # optional; what the runbook takes: stores, concurrency, dryRun, force
 *     cron: "30 5 * * *"            # five fields; or
 *     calendar: {days: [sun], at: "02:00"}   # months, daysOfMonth, days (weekdays), at (one time or a list)
 *     timeZone: Europe/Berlin       # IANA; the times are wall-clock times there
 *     jitter: 10m                   # optional: each start delayed by up to this
 *     overlap: skip                 # skip (default) | buffer-one | buffer-all | cancel-other | terminate-other | allow-all
 *     catchupWindow: 6h             # default 365d (Temporal's), at least 10s: how late a missed time still starts
 *     pauseOnFailure: false         # default false
 * }</pre>
 *
 * <p>Refused with the file's line: a runbook that is not scheduled (patch waves and incident runbooks
 * are started on demand), an input key the runbook does not take, a store the fleet does not have, a DR
 * drill without stores, both or neither of cron and calendar, a cron or calendar that never fires (such
 * as {@code 0 0 30 2 *}) within {@link ScheduleTimes#HORIZON_YEARS} years of the clock's now, a zone
 * that is not IANA, a jitter not shorter than the shortest time between two fires in the coming year
 * (DST days included), a catch-up window under 10 seconds (Temporal's least).
 */
public final class ScheduleLoader {
  /** The file's name under {@code runbooks/}. */
  public static final String FILE_NAME = "schedules.yaml";
  /** Temporal's default. */
  public static final Duration DEFAULT_CATCHUP_WINDOW = Duration.ofDays(365);
  /** Temporal's least. */
  public static final Duration MIN_CATCHUP_WINDOW = Duration.ofSeconds(10);
  static final int MAX_CONCURRENCY = 10_000;

  static final List<String> TOP_KEYS = List.of("schedules");
  static final List<String> SCHEDULE_KEYS = List.of("name", "runbook", "input", "cron", "calendar", "timeZone", "jitter",
      "overlap", "catchupWindow", "pauseOnFailure");
  static final List<String> CALENDAR_KEYS = List.of("months", "daysOfMonth", "days", "at");
  static final Map<String, ScheduledRunbook> RUNBOOKS = runbooks();
  static final Map<String, OverlapPolicy> OVERLAPS = overlaps();
  static final Map<String, DayOfWeek> DAYS = days();
  /** Runbooks that exist but are not scheduled, and why. */
  static final Map<String, String> ON_DEMAND = Map.of(
      "patch-wave", "patch waves are started on demand once CI has published a signed bundle (edgerun run patch-wave"
          + " --bundle <version>); the waves' own calendar is in patch-wave.yaml",
      "evacuate-node", "incident runbooks are started on demand by whoever responds (edgerun run evacuate-node)",
      "rollback-store", "incident runbooks are started on demand by whoever responds (edgerun run rollback-store)");

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  static final Pattern DAY_RANGE = Pattern.compile("(\\d{1,2})(?:-(\\d{1,2}))?");
  static final String SCHEDULE_EXAMPLE = "- {name: backup-verify-nightly, runbook: backup-verify, cron: \"30 5 * * *\","
      + " timeZone: Europe/Berlin}";
  static final String CALENDAR_EXAMPLE = "calendar: {days: [sun], at: \"02:00\"}";
  static final String TIME_FIX = "write HH:mm on the 24-hour clock, in quotes, e.g. \"02:00\"";
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final YamlDocument document;
  private final Path source;
  private final FleetDefinition fleet;
  private final Instant now;
  private final List<String> storeIds;

  private ScheduleLoader(YamlDocument document, Path source, FleetDefinition fleet, Clock clock) {
    this.document = document;
    this.source = source;
    this.fleet = fleet;
    this.now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    this.storeIds = fleet.stores().stream().map(StoreDefinition::id).toList();
  }

  /** {@link #load(Path, FleetDefinition, Clock)} with the system clock. */
  public static SchedulesDefinition load(Path file, FleetDefinition fleet) {
    return load(file, fleet, Clock.systemUTC());
  }

  /**
   * Reads {@code file}; its stores must be {@code fleet}'s, and each schedule must fire within the
   * horizon from {@code clock}'s now.
   *
   * @throws RunbookValidationException listing every problem of the file
   */
  public static SchedulesDefinition load(Path file, FleetDefinition fleet, Clock clock) {
    return new ScheduleLoader(YamlDocument.load(file), file.toAbsolutePath().normalize(), fleet, clock).read();
  }

  /**
   * Reads {@code yaml} as if it were the file {@code sourceName}.
   *
   * @throws RunbookValidationException listing every problem, each prefixed with {@code sourceName}
   */
  public static SchedulesDefinition parse(String yaml, String sourceName, FleetDefinition fleet, Clock clock) {
    return new ScheduleLoader(YamlDocument.parse(yaml, sourceName), Path.of(sourceName), fleet, clock).read();
  }

  private SchedulesDefinition read() {
    return document.read(TOP_KEYS, top -> {
      UniqueValues names = new UniqueValues("schedule name", "give each schedule its own name");
      Optional<List<ScheduleDefinition>> schedules = top
          .required("schedules", "list the schedules, e.g. schedules:\n  " + SCHEDULE_EXAMPLE)
          .flatMap(n -> n.asListOf(item -> item.asMapping(SCHEDULE_KEYS).flatMap(m -> readSchedule(m, names))));
      return document.hasProblems() ? Optional.empty() : schedules.map(s -> new SchedulesDefinition(source, s));
    });
  }

  private Optional<ScheduleDefinition> readSchedule(YamlMapping m, UniqueValues names) {
    int before = document.problemCount();
    Optional<YamlNodeReader> nameNode = m.required("name", "name the schedule, e.g. name: backup-verify-nightly");
    Optional<String> name = nameNode
        .flatMap(n -> n.asMatching(NAME, "a schedule name", "use 1 to 63 lowercase letters, digits and dashes, e.g. evidence-nightly"))
        .filter(v -> names.add(v, nameNode.get()));
    Optional<ScheduledRunbook> runbook = m.required("runbook", "say which runbook it starts: " + String.join(", ", RUNBOOKS.keySet()))
        .flatMap(ScheduleLoader::readRunbook);
    Optional<ScheduleInput> input = runbook.flatMap(r -> readInput(m, r));
    Optional<YamlNodeReader> whenNode = whenNode(m);
    Optional<ScheduleWhen> when = whenNode.flatMap(n -> m.has("cron") ? readCron(n) : readCalendar(n));
    Optional<YamlNodeReader> zoneNode =
        m.required("timeZone", "write the IANA zone its times are in, e.g. timeZone: Europe/Berlin");
    Optional<ZoneId> zone = zoneNode.flatMap(YamlNodeReader::asZoneId)
        .filter(z -> runbook.filter(ScheduledRunbook.EVIDENCE::equals).isEmpty() || utc(z, zoneNode.get()));
    Optional<YamlNodeReader> jitterNode = m.optional("jitter");
    Optional<Duration> jitter = jitterNode.map(YamlNodeReader::asDuration).orElse(Optional.of(Duration.ZERO));
    OverlapPolicy overlap = m.optional("overlap").flatMap(n -> n.asOneOf(OVERLAPS)).orElse(OverlapPolicy.SKIP);
    Optional<Duration> catchup = m.optional("catchupWindow").map(ScheduleLoader::readCatchupWindow)
        .orElse(Optional.of(DEFAULT_CATCHUP_WINDOW));
    boolean pauseOnFailure = m.optional("pauseOnFailure").flatMap(YamlNodeReader::asBoolean).orElse(false);
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    ScheduleTimes times = new ScheduleTimes(when.get().rules(), zone.get());
    if (!fires(whenNode.get(), when.get(), times) || !jitterFits(jitterNode, jitter.get(), times)) {
      return Optional.empty();
    }
    return Optional.of(new ScheduleDefinition(name.get(), runbook.get(), input.get(), when.get(), zone.get(), jitter.get(),
        overlap, catchup.get(), pauseOnFailure, m.self().location()));
  }

  private static Optional<ScheduledRunbook> readRunbook(YamlNodeReader node) {
    return node.asString().flatMap(text -> {
      String why = ON_DEMAND.get(text);
      if (why != null) {
        node.problem("\"" + text + "\" is not started by a schedule: " + why,
            "schedule one of " + String.join(", ", RUNBOOKS.keySet()) + ", or remove this schedule");
        return Optional.empty();
      }
      return node.asOneOf(RUNBOOKS);
    });
  }

  // ---- input

  private Optional<ScheduleInput> readInput(YamlMapping m, ScheduledRunbook runbook) {
    Optional<YamlNodeReader> node = m.optional("input");
    if (node.isEmpty()) {
      if (runbook.needsStores()) {
        m.self().problem("a dr-drill schedule has no input: a DR drill rebuilds the stores it is given",
            "name them, e.g. input: {stores: [" + exampleStore() + "]}");
        return Optional.empty();
      }
      return Optional.of(ScheduleInput.DEFAULTS);
    }
    return node.get().asMapping(runbook.inputKeys()).flatMap(in -> {
      int before = document.problemCount();
      List<String> stores = in.optional(ScheduleInput.STORES).flatMap(this::readStores).orElse(List.of());
      if (runbook.needsStores() && stores.isEmpty() && document.problemCount() == before) {
        in.self().problem("a DR drill rebuilds the stores it is given, and none is named",
            "name them, e.g. stores: [" + exampleStore() + "]");
      }
      int concurrency = in.optional(ScheduleInput.CONCURRENCY).flatMap(n -> n.asInt(1, MAX_CONCURRENCY)).orElse(0);
      boolean dryRun = in.optional(ScheduleInput.DRY_RUN).flatMap(YamlNodeReader::asBoolean).orElse(false);
      boolean force = in.optional(ScheduleInput.FORCE).flatMap(YamlNodeReader::asBoolean).orElse(false);
      return document.problemCount() == before
          ? Optional.of(new ScheduleInput(stores, concurrency, dryRun, force))
          : Optional.empty();
    });
  }

  private Optional<List<String>> readStores(YamlNodeReader node) {
    UniqueValues unique = new UniqueValues("store", "list each store once");
    return node.asListOf(item -> item.asString().filter(id -> {
      if (!storeIds.contains(id)) {
        item.problem("\"" + id + "\" is not a store of fleet " + fleet.name(),
            Suggestions.didYouMean(id, storeIds) + "write a store id of fleet.yaml, e.g. " + exampleStore());
        return false;
      }
      return unique.add(id, item);
    }));
  }

  private String exampleStore() {
    return storeIds.isEmpty() ? "store-0001" : storeIds.get(0);
  }

  // ---- when

  private static Optional<YamlNodeReader> whenNode(YamlMapping m) {
    Optional<YamlNodeReader> cron = m.optional("cron");
    Optional<YamlNodeReader> calendar = m.optional("calendar");
    if (cron.isPresent() && calendar.isPresent()) {
      YamlNodeReader second = cron.get().line() > calendar.get().line() ? cron.get() : calendar.get();
      second.problem("the schedule has both a cron and a calendar", "keep one of them: a schedule fires by one or the other");
      return Optional.empty();
    }
    if (cron.isEmpty() && calendar.isEmpty()) {
      m.self().problem("the schedule says not when it fires",
          "write a cron, e.g. cron: \"30 5 * * *\", or a calendar, e.g. " + CALENDAR_EXAMPLE);
      return Optional.empty();
    }
    return cron.or(() -> calendar);
  }

  private static Optional<ScheduleWhen> readCron(YamlNodeReader node) {
    return node.asString().flatMap(text -> {
      try {
        return Optional.of(new ScheduleWhen(true, text.trim(), List.of(CronExpression.parse(text))));
      } catch (IllegalArgumentException e) {
        node.problem(e.getMessage(), CronExpression.FORM);
        return Optional.empty();
      }
    });
  }

  private Optional<ScheduleWhen> readCalendar(YamlNodeReader node) {
    return node.asMapping(CALENDAR_KEYS).flatMap(m -> {
      int before = document.problemCount();
      Optional<List<LocalTime>> at = m.required("at", "write the time of day it fires, e.g. at: \"02:00\", or a list of them")
          .flatMap(ScheduleLoader::readTimes);
      Optional<SortedSet<Integer>> months = m.optional("months")
          .map(n -> readNames(n, "month", CronExpression.MONTHS, 1)).orElse(Optional.of(CalendarRule.range(1, 12)));
      Optional<SortedSet<Integer>> daysOfMonth = m.optional("daysOfMonth")
          .map(ScheduleLoader::readDaysOfMonth).orElse(Optional.of(CalendarRule.range(1, 31)));
      Optional<Set<DayOfWeek>> days = m.optional("days")
          .map(ScheduleLoader::readWeekdays).orElse(Optional.of(EnumSet.allOf(DayOfWeek.class)));
      if (document.problemCount() != before) {
        return Optional.empty();
      }
      List<CalendarRule> rules = at.get().stream()
          .map(t -> new CalendarRule(new TreeSet<>(Set.of(t.getMinute())), new TreeSet<>(Set.of(t.getHour())),
              daysOfMonth.get(), months.get(), days.get()))
          .toList();
      return Optional.of(new ScheduleWhen(false, calendarText(m, at.get(), rules.get(0)), rules));
    });
  }

  private static Optional<List<LocalTime>> readTimes(YamlNodeReader node) {
    if (node.node() instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
      return readTime(node).map(List::of);
    }
    UniqueValues unique = new UniqueValues("time", "list each time once");
    return node.asNonEmptyList("no time of day is listed, so the schedule never fires", "write at least one, e.g. at: [\"02:00\"]")
        .flatMap(items -> YamlNodeReader.each(items, item -> readTime(item).filter(t -> unique.add(t.toString(), item))))
        .map(times -> times.stream().sorted().toList());
  }

  private static Optional<LocalTime> readTime(YamlNodeReader node) {
    return node.asMatching(TIME, "a time of day", TIME_FIX).map(LocalTime::parse);
  }

  private static Optional<SortedSet<Integer>> readNames(YamlNodeReader node, String what, List<String> names, int offset) {
    UniqueValues unique = new UniqueValues(what, "list each " + what + " once");
    return node.asNonEmptyList("no " + what + " is listed, so the schedule never fires", "list at least one, or leave the key out for every " + what)
        .flatMap(items -> YamlNodeReader.each(items, item -> item.asString().filter(text -> {
          if (names.contains(text)) {
            return unique.add(text, item);
          }
          item.problem("\"" + text + "\" is not a " + what, Suggestions.didYouMean(text, names) + "write " + String.join(", ", names));
          return false;
        }).map(text -> names.indexOf(text) + offset)))
        .map(TreeSet::new);
  }

  private static Optional<Set<DayOfWeek>> readWeekdays(YamlNodeReader node) {
    return readNames(node, "weekday", List.copyOf(DAYS.keySet()), 0)
        .map(indexes -> indexes.stream().map(i -> DayOfWeek.of(i + 1)).collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class))));
  }

  private static Optional<SortedSet<Integer>> readDaysOfMonth(YamlNodeReader node) {
    String fix = "write days of the month 1 to 31, or ranges in quotes, e.g. daysOfMonth: [1, 15] or [\"8-14\"]";
    return node.asNonEmptyList("no day of the month is listed, so the schedule never fires", fix)
        .flatMap(items -> YamlNodeReader.each(items, item -> item.asString().flatMap(text -> {
          Matcher r = DAY_RANGE.matcher(text.trim());
          int from = r.matches() ? Integer.parseInt(r.group(1)) : 0;
          int to = r.matches() && r.group(2) != null ? Integer.parseInt(r.group(2)) : from;
          if (from < 1 || to > 31 || to < from) {
            item.problem("\"" + text + "\" is not a day of the month or a range of them", fix);
            return Optional.empty();
          }
          return Optional.of(CalendarRule.range(from, to));
        })))
        .map(ranges -> ranges.stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new)));
  }

  /** {@code sun at 02:00}, {@code every day at 01:00, 13:00}, {@code jan, apr, days 8-14, tue at 09:00}. */
  private static String calendarText(YamlMapping m, List<LocalTime> at, CalendarRule rule) {
    List<String> parts = new ArrayList<>();
    if (m.has("months")) {
      parts.add(rule.months().stream().map(i -> CronExpression.MONTHS.get(i - 1)).collect(Collectors.joining(", ")));
    }
    if (m.has("daysOfMonth")) {
      parts.add("days " + ranges(rule.daysOfMonth()));
    }
    if (m.has("days")) {
      parts.add(DAYS.entrySet().stream().filter(e -> rule.daysOfWeek().contains(e.getValue())).map(Map.Entry::getKey)
          .collect(Collectors.joining(", ")));
    }
    String day = parts.isEmpty() ? "every day" : String.join(", ", parts);
    return day + " at " + at.stream().map(LocalTime::toString).collect(Collectors.joining(", "));
  }

  /** {@code 1-7, 15}. */
  static String ranges(SortedSet<Integer> values) {
    List<String> out = new ArrayList<>();
    Integer start = null;
    Integer previous = null;
    for (int v : values) {
      if (start == null) {
        start = v;
      } else if (v != previous + 1) {
        out.add(start.equals(previous) ? "" + start : start + "-" + previous);
        start = v;
      }
      previous = v;
    }
    if (start != null) {
      out.add(start.equals(previous) ? "" + start : start + "-" + previous);
    }
    return String.join(", ", out);
  }

  // ---- checks of the whole schedule

  private boolean fires(YamlNodeReader whenNode, ScheduleWhen when, ScheduleTimes times) {
    if (times.next(now).isPresent()) {
      return true;
    }
    CalendarRule rule = when.rules().get(0);
    List<String> day = new ArrayList<>();
    day.add("day of month " + ranges(rule.daysOfMonth()));
    day.add("month " + rule.months().stream().map(i -> CronExpression.MONTHS.get(i - 1)).collect(Collectors.joining(", ")));
    if (rule.daysOfWeek().size() < 7) {
      day.add("weekday " + DAYS.entrySet().stream().filter(e -> rule.daysOfWeek().contains(e.getValue()))
          .map(Map.Entry::getKey).collect(Collectors.joining(", ")));
    }
    whenNode.problem("the " + when.describe() + " never fires: no date in the " + ScheduleTimes.HORIZON_YEARS
            + " years from " + now + " has " + String.join(" and ", day),
        "check the days of the month against the months' lengths (February has 28 or 29); a day of the month and a"
            + " weekday must both match, as in Temporal (\"0 3 1-7 * sat\" is the first Saturday)");
    return false;
  }

  private boolean jitterFits(Optional<YamlNodeReader> jitterNode, Duration jitter, ScheduleTimes times) {
    if (jitterNode.isEmpty()) {
      return true;
    }
    Optional<ScheduleTimes.Gap> gap = times.shortestGap(now);
    if (gap.isEmpty() || jitter.compareTo(gap.get().length()) < 0) {
      return true;
    }
    String from = LOCAL.format(gap.get().after().atZone(times.zone()));
    jitterNode.get().problem("jitter " + Durations.format(jitter) + " is not shorter than the " + Durations.format(gap.get().length())
            + " between two fires (from " + from + " in " + times.zone() + "), so a start could be delayed past the next",
        "write a jitter shorter than " + Durations.format(gap.get().length()) + ", e.g. a tenth of it, or fire less often");
    return false;
  }

  // Evidence records UTC days (audit/edge/<date>.json): in another zone two fires either side of a clock
  // change can fall on the same UTC day, and the second would find its day recorded.
  private static boolean utc(ZoneId zone, YamlNodeReader node) {
    if (zone.getRules().isFixedOffset() && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0) {
      return true;
    }
    node.problem("an evidence schedule in " + zone + ": evidence records days in UTC (audit/edge/<date>.json), and in a"
            + " zone with clock changes two fires can fall on one UTC day, the second finding its day recorded",
        "write timeZone: UTC and the time in UTC, e.g. calendar: {at: \"23:30\"}");
    return false;
  }

  private static Optional<Duration> readCatchupWindow(YamlNodeReader node) {
    return node.asDuration().filter(d -> {
      if (d.compareTo(MIN_CATCHUP_WINDOW) >= 0) {
        return true;
      }
      node.problem("catchupWindow " + Durations.format(d) + " is less than Temporal's least, 10s",
          "write 10s or more: how late a time missed while the server was down may still start, e.g. 6h");
      return false;
    });
  }

  private static Map<String, ScheduledRunbook> runbooks() {
    Map<String, ScheduledRunbook> runbooks = new LinkedHashMap<>();
    for (ScheduledRunbook r : ScheduledRunbook.values()) {
      runbooks.put(r.id(), r);
    }
    return Collections.unmodifiableMap(runbooks);
  }

  private static Map<String, OverlapPolicy> overlaps() {
    Map<String, OverlapPolicy> overlaps = new LinkedHashMap<>();
    for (OverlapPolicy p : OverlapPolicy.values()) {
      overlaps.put(p.yamlName(), p);
    }
    return Collections.unmodifiableMap(overlaps);
  }

  private static Map<String, DayOfWeek> days() {
    Map<String, DayOfWeek> days = new LinkedHashMap<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      days.put(CronExpression.DAYS.get(day.getValue() % 7), day);
    }
    return Collections.unmodifiableMap(days);
  }
}
