package dev.edgerunbooks.runbooks.schedules;

import dev.edgerunbooks.runbooks.SourceLocation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One schedule of {@code runbooks/schedules.yaml}: which runbook it starts with what, when, and what it
 * does when a time comes while its last run is still running or was missed. Load it with {@link
 * ScheduleLoader}, which has checked that it fires and that its jitter fits between two times.
 *
 * @param name unique in the file; the Temporal Schedule is {@code edge/<name>}
 * @param timeZone the IANA zone the times are read in
 * @param jitter each start is delayed by up to this (zero: none); shorter than the shortest time
 *     between two fires
 * @param catchupWindow how late a missed time (the server or the trigger was down) is still started
 * @param pauseOnFailure pause the schedule when a run it started fails
 * @param location where the file declares it
 */
public record ScheduleDefinition(
    String name,
    ScheduledRunbook runbook,
    ScheduleInput input,
    ScheduleWhen when,
    ZoneId timeZone,
    Duration jitter,
    OverlapPolicy overlap,
    Duration catchupWindow,
    boolean pauseOnFailure,
    SourceLocation location) {

  public ScheduleDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(runbook, "runbook");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(location, "location");
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("jitter " + jitter + " is negative");
    }
    if (catchupWindow.isNegative() || catchupWindow.isZero()) {
      throw new IllegalArgumentException("catchupWindow " + catchupWindow + " is not positive");
    }
  }

  /** Its times, without jitter. */
  public ScheduleTimes times() {
    return new ScheduleTimes(when.rules(), timeZone);
  }

  /** The fire of the nominal time {@code nominal}: jittered as every process computes it. */
  public ScheduledFire fire(Instant nominal) {
    return new ScheduledFire(nominal, times().jittered(name, nominal, jitter));
  }

  /** The next fire whose nominal time is after {@code after}. */
  public Optional<ScheduledFire> nextFire(Instant after) {
    return times().next(after).map(this::fire);
  }

  /** The next {@code count} fires whose nominal times are after {@code after}. */
  public List<ScheduledFire> nextFires(Instant after, int count) {
    return times().next(after, count).stream().map(this::fire).toList();
  }
}
