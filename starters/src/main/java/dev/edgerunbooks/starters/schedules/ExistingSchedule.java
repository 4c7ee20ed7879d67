package dev.edgerunbooks.starters.schedules;

import java.time.Instant;
import java.util.List;

/**
 * A Temporal Schedule as the server describes it, for the plan.
 *
 * @param ours whether it carries the memo {@link TemporalSchedules#MEMO_KEY}, i.e. sync made it
 * @param shape what it does; null when it is not ours or could not be read ({@code unreadable} says why)
 * @param note the state's note (why it is paused)
 * @param nextTimes the next times the server will start a run
 */
public record ExistingSchedule(
    String id, boolean ours, ScheduleShape shape, String unreadable, boolean paused, String note, List<Instant> nextTimes) {
  public ExistingSchedule {
    nextTimes = List.copyOf(nextTimes);
  }

  /** One that is not ours: only its id matters. */
  public static ExistingSchedule theirs(String id) {
    return new ExistingSchedule(id, false, null, null, false, "", List.of());
  }
}
