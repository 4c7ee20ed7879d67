package dev.edgerunbooks.runbooks.calendar;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.yaml.UniqueValues;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import dev.edgerunbooks.workflows.common.Freeze;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The maintenance window and freezes that {@code patch-wave.yaml} and {@code rotation.yaml} both declare,
 * read into a {@link StoreCalendar} and checked against the fleet the same way for both files:
 *
 * <pre>{@code
 * window:                     # in each store's own time zone
 *   days: [mon, tue, wed, thu, fri]
 *   from: "01:00"
 *   to: "05:00"               # not after from: past midnight; equal: the whole day
 *   minimumLength: 90m
 * freezes:                    # optional
 *   - {name: black-friday, from: 2026-11-26, to: 2026-11-30}
 * }</pre>
 *
 * <p>A window that can never be met is refused: no weekday, a minimumLength longer than the window, or
 * a window that does not open in some store's time zone within {@link StoreCalendar#HORIZON_DAYS} days of
 * the clock's now, freezes included (one problem at {@code window} naming the zones and their stores).
 */
public final class CalendarFields {
  /** The keys {@link #read} reads from the mapping it is given; that mapping must allow them. */
  public static final List<String> KEYS = List.of("window", "freezes");

  static final List<String> WINDOW_KEYS = List.of("days", "from", "to", "minimumLength");
  static final List<String> FREEZE_KEYS = List.of("name", "from", "to");
  static final Map<String, DayOfWeek> DAYS = days();
  static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  static final String TIME_FIX = "write HH:mm on the 24-hour clock, in quotes, e.g. \"01:00\"";
  static final String DATE_FIX = "write an ISO date YYYY-MM-DD, e.g. 2026-11-26";

  private final YamlDocument document;
  private final FleetDefinition fleet;
  private final Clock clock;

  private CalendarFields(YamlDocument document, FleetDefinition fleet, Clock clock) {
    this.document = document;
    this.fleet = fleet;
    this.clock = clock;
  }

  /**
   * {@code window:} (required) and {@code freezes:} (optional) of {@code m}, as a calendar that opens for
   * every store of {@code fleet} within the horizon from {@code clock}'s now; empty when a problem was
   * recorded.
   */
  public static Optional<StoreCalendar> read(YamlMapping m, FleetDefinition fleet, Clock clock) {
    return new CalendarFields(m.self().document(), fleet, clock).readCalendar(m);
  }

  /** The daily window as written, before freezes. */
  private record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to, Duration minimumLength) {}

  private Optional<StoreCalendar> readCalendar(YamlMapping top) {
    Optional<Window> window = top
        .required("window", "set the daily maintenance window in each store's time zone, e.g."
            + " window: {days: [mon, tue, wed, thu, fri], from: \"01:00\", to: \"05:00\", minimumLength: 90m}")
        .flatMap(n -> n.asMapping(WINDOW_KEYS))
        .flatMap(this::readWindow);
    Optional<List<Freeze>> freezes = top.optional("freezes").map(this::readFreezes).orElse(Optional.of(List.of()));
    if (window.isEmpty() || freezes.isEmpty()) {
      return Optional.empty();
    }
    Window w = window.get();
    StoreCalendar calendar = new StoreCalendar(w.days(), w.from(), w.to(), w.minimumLength(), freezes.get());
    return opensForEveryStore(top.key("window").orElseThrow(), calendar) ? Optional.of(calendar) : Optional.empty();
  }

  private Optional<Window> readWindow(YamlMapping m) {
    int before = document.problemCount();
    Optional<Set<DayOfWeek>> days = m.required("days", "list the weekdays a window starts on, e.g. days: [mon, tue, wed, thu, fri]")
        .flatMap(CalendarFields::readDays);
    Optional<LocalTime> from = m.required("from", "write when the window opens, e.g. from: \"01:00\"")
        .flatMap(CalendarFields::readTime);
    Optional<LocalTime> to = m.required("to", "write when the window closes, e.g. to: \"05:00\"")
        .flatMap(CalendarFields::readTime);
    Optional<YamlNodeReader> minimumNode = m.required("minimumLength",
        "write how much of the window must be left for a store's change to start, e.g. minimumLength: 90m");
    Optional<Duration> minimumLength = minimumNode.flatMap(YamlNodeReader::asDuration);
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    Duration length = lengthOf(from.get(), to.get());
    if (minimumLength.get().compareTo(length) > 0) {
      minimumNode.get().problem("minimumLength " + Durations.format(minimumLength.get()) + " is longer than the window "
              + from.get() + "-" + to.get() + " itself (" + Durations.format(length) + "), so the window can never be met",
          "lower minimumLength to at most " + Durations.format(length) + ", or widen the window (an earlier from or a later to)");
      return Optional.empty();
    }
    return Optional.of(new Window(days.get(), from.get(), to.get(), minimumLength.get()));
  }

  // The window on a day without a DST change: past midnight when to is not after from, the whole day when equal.
  private static Duration lengthOf(LocalTime from, LocalTime to) {
    Duration length = Duration.between(from, to);
    return length.isNegative() || length.isZero() ? length.plusDays(1) : length;
  }

  private static Optional<Set<DayOfWeek>> readDays(YamlNodeReader node) {
    UniqueValues unique = new UniqueValues("weekday", "list each weekday once");
    return node.asNonEmptyList("no weekday is listed, so the window can never be met",
            "list the weekdays a window starts on, e.g. days: [mon, tue, wed, thu, fri]")
        .flatMap(items -> YamlNodeReader.each(items, item -> item.asString().filter(text -> {
          if (DAYS.containsKey(text)) {
            return unique.add(text, item);
          }
          item.problem(quoteOf(text) + " is not a weekday",
              Suggestions.didYouMean(text, DAYS.keySet()) + "write " + String.join(", ", DAYS.keySet()));
          return false;
        }).map(DAYS::get)))
        .map(EnumSet::copyOf);
  }

  private static Optional<LocalTime> readTime(YamlNodeReader node) {
    return node.asMatching(TIME, "a time of day", TIME_FIX).map(LocalTime::parse);
  }

  private Optional<List<Freeze>> readFreezes(YamlNodeReader node) {
    UniqueValues names = new UniqueValues("freeze name", "give each freeze its own name");
    return node.asListOf(item -> item.asMapping(FREEZE_KEYS).flatMap(m -> readFreeze(m, names)));
  }

  private Optional<Freeze> readFreeze(YamlMapping m, UniqueValues names) {
    int before = document.problemCount();
    Optional<YamlNodeReader> nameNode = m.required("name", "name the freeze, e.g. name: black-friday");
    Optional<String> name = nameNode.flatMap(YamlNodeReader::asString).filter(v -> names.add(v, nameNode.get()));
    Optional<LocalDate> from = m.required("from", "write the freeze's first day, e.g. from: 2026-11-26")
        .flatMap(n -> n.as(CalendarFields::date, DATE_FIX));
    Optional<YamlNodeReader> toNode = m.required("to", "write the freeze's last day, e.g. to: 2026-11-30");
    Optional<LocalDate> to = toNode.flatMap(n -> n.as(CalendarFields::date, DATE_FIX));
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    if (to.get().isBefore(from.get())) {
      toNode.get().problem("the freeze ends on " + to.get() + ", before it starts on " + from.get(),
          "write a last day on or after the first; both days are included");
      return Optional.empty();
    }
    return Optional.of(new Freeze(name.get(), from.get(), to.get()));
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(quoteOf(text) + " is not a date");
    }
  }

  /**
   * Whether the calendar opens within the horizon in the time zone of every store; when not, one problem
   * at {@code window} names the zones, their stores, the window and the freezes.
   */
  private boolean opensForEveryStore(YamlNodeReader windowKey, StoreCalendar calendar) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Map<ZoneId, List<String>> byZone = new LinkedHashMap<>();
    fleet.stores().forEach(s -> byZone.computeIfAbsent(s.timeZone(), z -> new ArrayList<>()).add(s.id()));
    List<String> never = new ArrayList<>();
    byZone.forEach((zone, stores) -> {
      if (calendar.next(now, zone).isEmpty()) {
        never.add(zone + " (" + Suggestions.list(stores, 3) + ")");
      }
    });
    if (never.isEmpty()) {
      return true;
    }
    windowKey.problem("the window never opens in the " + StoreCalendar.HORIZON_DAYS + " days from " + now + " for the"
            + " stores in " + String.join("; ", never) + ": " + describe(calendar),
        "list more days, widen from/to, lower minimumLength or shorten the freezes, so that a window opens in every"
            + " store's time zone");
    return false;
  }

  /** {@code mon, tue 01:00-05:00 with at least 90m left, frozen black-friday 2026-11-26..2026-11-30}. */
  public static String describe(StoreCalendar calendar) {
    String days = DAYS.entrySet().stream().filter(e -> calendar.days().contains(e.getValue())).map(Map.Entry::getKey)
        .collect(Collectors.joining(", "));
    String hours = calendar.from().equals(calendar.to()) ? "the whole day" : calendar.from() + "-" + calendar.to();
    String frozen = calendar.freezes().isEmpty() ? "no freeze" : "frozen " + calendar.freezes().stream()
        .map(f -> f.name() + " " + f.from() + ".." + f.to()).collect(Collectors.joining(", "));
    return days + " " + hours + " with at least " + Durations.format(calendar.minimumLength()) + " left, " + frozen;
  }

  private static String quoteOf(String text) {
    return "\"" + text + "\"";
  }

  private static Map<String, DayOfWeek> days() {
    Map<String, DayOfWeek> days = new LinkedHashMap<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      days.put(day.name().substring(0, 3).toLowerCase(Locale.ROOT), day);
    }
    return Collections.unmodifiableMap(days);
  }
}
