package dev.edgerunbooks.runbooks.schedules;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * When a schedule fires: its calendar rules read in its time zone. Pure (no clock, no server), so the
 * reconciler, {@code edgerun schedules list} and the in-process trigger of the embedded product all
 * compute the same times.
 *
 * <p>Daylight saving time, as Temporal's scheduler computes it (its server's {@code calendar.go}):
 *
 * <ul>
 *   <li>A wall-clock time the clocks skip (02:30 in Europe/Berlin on the last Sunday of March) does not
 *       exist, and that day has no fire at it: the schedule fires again the next day at 02:30. Temporal
 *       skips such a time the same way.
 *   <li>A wall-clock time the clocks pass twice (02:30 in Europe/Berlin on the last Sunday of October)
 *       fires once, at the second time, in standard time (01:30 UTC, not 00:30 UTC). Temporal's server
 *       does the same in zones east of UTC such as Europe/Berlin; in zones west of UTC
 *       (America/New_York) it fires at both, which a schedule here never does.
 * </ul>
 *
 * <p>A day's times are its own, so a daily schedule fires once a day whatever the clocks do, 23 or 25
 * hours after the day before's.
 *
 * @param rules the schedule fires at every time any of them matches
 * @param zone the time zone the rules' wall-clock times are read in
 */
public record ScheduleTimes(List<CalendarRule> rules, ZoneId zone) {
  /**
   * How far ahead a next time is looked for: 28 years hold every weekday a date can fall on (29
   * February on a Monday included), so nothing within them means never.
   */
  public static final int HORIZON_YEARS = 28;

  public ScheduleTimes {
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one calendar rule");
    }
    Objects.requireNonNull(zone, "zone");
  }

  /** The first time after {@code after} (not at it); empty when it never fires again. */
  public Optional<Instant> next(Instant after) {
    List<Instant> next = between(after, after.atZone(zone).plusYears(HORIZON_YEARS).toInstant(), 1);
    return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
  }

  /** The first {@code count} times after {@code after}, fewer when it stops firing. */
  public List<Instant> next(Instant after, int count) {
    return between(after, after.atZone(zone).plusYears(HORIZON_YEARS).toInstant(), count);
  }

  /**
   * The times after {@code after} and not after {@code until}, earliest first, at most {@code limit}
   * of them.
   */
  public List<Instant> between(Instant after, Instant until, int limit) {
    List<Instant> times = new ArrayList<>();
    // a day's local times can lie a day either side of its date in UTC
    LocalDate last = until.atZone(zone).toLocalDate().plusDays(1);
    for (LocalDate date = after.atZone(zone).toLocalDate().minusDays(1); !date.isAfter(last); date = date.plusDays(1)) {
      for (Instant time : onDate(date)) {
        if (time.isAfter(after) && !time.isAfter(until)) {
          times.add(time);
          if (times.size() == limit) {
            return times;
          }
        }
      }
    }
    return times;
  }

  /** The times of {@code date}, earliest first: each wall-clock time once, those the clocks skip left out. */
  public List<Instant> onDate(LocalDate date) {
    SortedSet<Instant> times = new TreeSet<>();
    for (CalendarRule rule : rules) {
      if (rule.matches(date)) {
        for (LocalTime time : rule.timesOfDay()) {
          at(date.atTime(time)).ifPresent(times::add);
        }
      }
    }
    return List.copyOf(times);
  }

  /**
   * The instant {@code local} is in the zone: empty when the clocks skip it, the later of the two when
   * they pass it twice.
   */
  public Optional<Instant> at(LocalDateTime local) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) {
      return Optional.empty();
    }
    return Optional.of(ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant());
  }

  /**
   * The shortest time between two consecutive times within a year of {@code from} (or its first
   * {@code 1000} times), and the first of the two; empty when it fires less than twice in that time.
   */
  public Optional<Gap> shortestGap(Instant from) {
    List<Instant> times = between(from, from.atZone(zone).plusYears(1).plusDays(1).toInstant(), 1000);
    Gap shortest = null;
    for (int i = 1; i < times.size(); i++) {
      Duration gap = Duration.between(times.get(i - 1), times.get(i));
      if (shortest == null || gap.compareTo(shortest.length()) < 0) {
        shortest = new Gap(times.get(i - 1), gap);
      }
    }
    return Optional.ofNullable(shortest);
  }

  /** {@code length} from the time {@code after} to the next. */
  public record Gap(Instant after, Duration length) {}

  /**
   * When the fire at {@code nominal} starts: {@code nominal} delayed by up to {@code jitter}, by an
   * amount that depends only on {@code seed} (the schedule's name) and {@code nominal}, so that every
   * process computes the same, and never past the next nominal time (as Temporal's scheduler does).
   */
  public Instant jittered(String seed, Instant nominal, Duration jitter) {
    if (jitter.isZero() || jitter.isNegative()) {
      return nominal;
    }
    Duration max = next(nominal).map(following -> Duration.between(nominal, following))
        .filter(gap -> gap.compareTo(jitter) < 0).orElse(jitter);
    long millis = max.toMillis();
    if (millis <= 0) {
      return nominal;
    }
    return nominal.plusMillis(Math.floorMod(hash(seed, nominal), millis));
  }

  private static long hash(String seed, Instant nominal) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(seed.getBytes(StandardCharsets.UTF_8));
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(nominal.getEpochSecond()).array());
      return ByteBuffer.wrap(sha.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
