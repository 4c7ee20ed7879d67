package dev.edgerunbooks.runbooks.schedules;

import java.time.Instant;

/**
 * One time a schedule fires.
 *
 * @param nominal the time its calendar says; it names the run (the day, the week), so a fire delayed
 *     by jitter or caught up after a restart starts the run of the time it stands for
 * @param at when it starts: {@code nominal} plus the schedule's jitter
 */
public record ScheduledFire(Instant nominal, Instant at) implements Comparable<ScheduledFire> {
  @Override
  public int compareTo(ScheduledFire other) {
    int c = at.compareTo(other.at);
    return c != 0 ? c : nominal.compareTo(other.nominal);
  }
}
