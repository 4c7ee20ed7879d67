package dev.edgerunbooks.runbooks.schedules;

import java.util.List;

/**
 * When a schedule fires, as its file writes it and as rules.
 *
 * @param cron whether it was written as {@code cron:} (else {@code calendar:})
 * @param text the cron expression, or the calendar in words ({@code sun at 02:00})
 * @param rules what the text means; a calendar with several times of day has a rule per time
 */
public record ScheduleWhen(boolean cron, String text, List<CalendarRule> rules) {
  public ScheduleWhen {
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one calendar rule");
    }
  }

  /** {@code cron "30 1 * * *"} or {@code calendar sun at 02:00}. */
  public String describe() {
    return cron ? "cron \"" + text + "\"" : "calendar " + text;
  }
}
