package dev.edgerunbooks.starters.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.schedules.CalendarRule;
import dev.edgerunbooks.runbooks.schedules.OverlapPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a Temporal Schedule of ours does, in terms the file and the server's description both give,
 * so the two compare field by field whatever form the server hands the spec back in.
 *
 * @param searchAttributes the runs' search attributes, as text
 * @param summary the runs' static summary
 * @param input the request, as JSON
 * @param calendars the times, as rules (order and duplicates do not matter)
 * @param unmanaged what the server's spec has that a schedule made from the file never has (cron
 *     strings, intervals, skips, start or end, seconds, years), each in words
 */
public record ScheduleShape(
    String workflowType,
    String workflowId,
    String taskQueue,
    String searchAttributes,
    String summary,
    JsonNode input,
    Set<CalendarRule> calendars,
    List<String> unmanaged,
    String timeZone,
    Duration jitter,
    OverlapPolicy overlap,
    Duration catchupWindow,
    boolean pauseOnFailure) {

  public ScheduleShape {
    calendars = Set.copyOf(calendars);
    unmanaged = List.copyOf(unmanaged);
  }

  /** What {@code existing} would have to change to be this, each as {@code what: existing -> this}; empty when nothing. */
  public List<String> changesFrom(ScheduleShape existing) {
    List<String> changes = new ArrayList<>();
    change(changes, "workflow", existing.workflowType, workflowType);
    change(changes, "workflow id", existing.workflowId, workflowId);
    change(changes, "task queue", existing.taskQueue, taskQueue);
    change(changes, "search attributes", existing.searchAttributes, searchAttributes);
    change(changes, "summary", existing.summary, summary);
    change(changes, "input", existing.input, input);
    if (!existing.calendars.equals(calendars)) {
      changes.add("times: " + TemporalSchedules.describe(existing.calendars) + " -> " + TemporalSchedules.describe(calendars));
    }
    existing.unmanaged.forEach(u -> changes.add(u + " -> removed"));
    change(changes, "timeZone", existing.timeZone, timeZone);
    change(changes, "jitter", Durations.format(existing.jitter), Durations.format(jitter));
    change(changes, "overlap", existing.overlap.yamlName(), overlap.yamlName());
    change(changes, "catchupWindow", Durations.format(existing.catchupWindow), Durations.format(catchupWindow));
    change(changes, "pauseOnFailure", existing.pauseOnFailure, pauseOnFailure);
    return changes;
  }

  private static void change(List<String> changes, String what, Object existing, Object desired) {
    if (!Objects.equals(existing, desired)) {
      changes.add(what + ": " + existing + " -> " + desired);
    }
  }
}
