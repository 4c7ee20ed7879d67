package dev.edgerunbooks.starters.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.runbooks.schedules.CalendarRule;
import dev.edgerunbooks.runbooks.schedules.OverlapPolicy;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleAction;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.common.converter.GlobalDataConverter;
import java.time.DayOfWeek;
import dev.edgerunbooks.workflows.common.RunScope;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A schedule of schedules.yaml as a Temporal Schedule, and back: the Schedule {@code edge/<name>}
 * starts the runbook's workflow on the central task queue with {@link ScheduledRuns#scheduleRequest},
 * fires at the schedule's calendar rules (always sent as structured calendars, so what the server
 * describes compares with what the file says), and is marked ours by the memo {@value #MEMO_KEY}.
 */
public final class TemporalSchedules {
  /** Schedules made from the file have ids {@code edge/<name>}. */
  public static final String ID_PREFIX = "edge/";
  /** The memo that marks a schedule as made from schedules.yaml; its value names the file. */
  public static final String MEMO_KEY = "edge-runbooks";
  /** What the server takes a catch-up window of zero for. */
  static final Duration SERVER_DEFAULT_CATCHUP = Duration.ofDays(365);

  private TemporalSchedules() {}

  public static String scheduleId(String name) {
    return ID_PREFIX + name;
  }

  /** The Schedule: action, spec and policy from the definition; not paused, its note naming the file's line. */
  public static Schedule schedule(ScheduleDefinition d) {
    RunScope request = ScheduledRuns.scheduleRequest(d);
    ScheduleActionStartWorkflow action = ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(ScheduledRuns.workflowInterface(d.runbook()))
        .setArguments(request)
        .setOptions(WorkflowOptions.newBuilder()
            .setWorkflowId(ScheduledRuns.scheduleWorkflowId(d))
            .setTaskQueue(TaskQueues.CENTRAL)
            .setTypedSearchAttributes(ScheduledRuns.attributes(d, request))
            .setStaticSummary(ScheduledRuns.summary(d, request))
            .build())
        .build();
    ScheduleSpec spec = ScheduleSpec.newBuilder()
        .setCalendars(d.when().rules().stream().map(r -> calendar(r, d.when().describe())).toList())
        .setCronExpressions(List.of())
        .setIntervals(List.of())
        .setSkip(List.of())
        .setTimeZoneName(d.timeZone().getId())
        .setJitter(d.jitter())
        .build();
    SchedulePolicy policy = SchedulePolicy.newBuilder()
        .setOverlap(overlap(d.overlap()))
        .setCatchupWindow(d.catchupWindow())
        .setPauseOnFailure(d.pauseOnFailure())
        .build();
    ScheduleState state = ScheduleState.newBuilder()
        .setNote("made from " + d.location().file() + ":" + d.location().line() + " by edgerun schedules sync")
        .build();
    return Schedule.newBuilder().setAction(action).setSpec(spec).setPolicy(policy).setState(state).build();
  }

  /** How it is created: with the memo that marks it ours. */
  public static ScheduleOptions options(ScheduleDefinition d) {
    return ScheduleOptions.newBuilder().setMemo(Map.of(MEMO_KEY, d.location().file())).build();
  }

  /** What the definition's Schedule does. */
  public static ScheduleShape shape(ScheduleDefinition d) {
    return shape(schedule(d), GlobalDataConverter.get());
  }

  /**
   * What a Schedule does, as the server describes it.
   *
   * @throws IllegalArgumentException when it does not start a workflow, or its input is not JSON
   */
  public static ScheduleShape shape(Schedule schedule, DataConverter converter) {
    ScheduleAction action = schedule.getAction();
    if (!(action instanceof ScheduleActionStartWorkflow start)) {
      throw new IllegalArgumentException("its action is not to start a workflow");
    }
    EncodedValues arguments = start.getArguments();
    arguments.setDataConverter(converter);
    // given values stay values until encoded: encode both kinds, so each compares as the server keeps it
    JsonNode input = arguments.getSize() == 0 ? null
        : converter.fromPayloads(0, arguments.toPayloads(), JsonNode.class, JsonNode.class);
    ScheduleSpec spec = schedule.getSpec();
    List<String> unmanaged = new ArrayList<>();
    orEmpty(spec.getCronExpressions()).forEach(c -> unmanaged.add("cron \"" + c + "\""));
    orEmpty(spec.getIntervals()).forEach(i -> unmanaged.add("interval every " + i.getEvery()));
    if (!orEmpty(spec.getSkip()).isEmpty()) {
      unmanaged.add(spec.getSkip().size() + " skip calendar(s)");
    }
    if (spec.getStartAt() != null) {
      unmanaged.add("start at " + spec.getStartAt());
    }
    if (spec.getEndAt() != null) {
      unmanaged.add("end at " + spec.getEndAt());
    }
    Set<CalendarRule> calendars = new HashSet<>();
    for (ScheduleCalendarSpec c : orEmpty(spec.getCalendars())) {
      if (!values(c.getSeconds(), 0, 0).equals(new TreeSet<>(Set.of(0)))) {
        unmanaged.add("seconds " + values(c.getSeconds(), 0, 0));
      }
      if (!orEmpty(c.getYear()).isEmpty()) {
        unmanaged.add("years " + values(c.getYear(), 2000, 2100));
      }
      calendars.add(rule(c));
    }
    SchedulePolicy policy = schedule.getPolicy() == null ? SchedulePolicy.newBuilder().build() : schedule.getPolicy();
    Duration catchup = policy.getCatchupWindow() == null || policy.getCatchupWindow().isZero()
        ? SERVER_DEFAULT_CATCHUP : policy.getCatchupWindow();
    return new ScheduleShape(start.getWorkflowType(), start.getOptions().getWorkflowId(), start.getOptions().getTaskQueue(),
        attributes(start.getOptions().getTypedSearchAttributes()), start.getOptions().getStaticSummary(), input, calendars, unmanaged, spec.getTimeZoneName() == null ? "" : spec.getTimeZoneName(),
        spec.getJitter() == null ? Duration.ZERO : spec.getJitter(), overlap(policy.getOverlap()), catchup,
        policy.isPauseOnFailure());
  }

  /** The name of a schedule id of ours ({@code edge/x} is x). */
  public static Optional<String> nameOf(String scheduleId) {
    return scheduleId.startsWith(ID_PREFIX) ? Optional.of(scheduleId.substring(ID_PREFIX.length())) : Optional.empty();
  }

  // ---- calendars

  static ScheduleCalendarSpec calendar(CalendarRule rule, String comment) {
    SortedSet<Integer> days = rule.daysOfWeek().stream().map(d -> d.getValue() % 7).collect(Collectors.toCollection(TreeSet::new));
    return ScheduleCalendarSpec.newBuilder()
        .setSeconds(List.of(new ScheduleRange(0)))
        .setMinutes(ranges(rule.minutes()))
        .setHour(ranges(rule.hours()))
        .setDayOfMonth(ranges(rule.daysOfMonth()))
        .setMonth(ranges(rule.months()))
        .setDayOfWeek(ranges(days))
        .setComment(comment)
        .build();
  }

  static CalendarRule rule(ScheduleCalendarSpec c) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    values(c.getDayOfWeek(), 0, 6).forEach(d -> days.add(d % 7 == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(d)));
    // unset seconds, minutes and hours are Temporal's 0, the other fields every value
    return new CalendarRule(values(c.getMinutes(), 0, 0), values(c.getHour(), 0, 0), values(c.getDayOfMonth(), 1, 31),
        values(c.getMonth(), 1, 12), days);
  }

  /** Consecutive values as one range each. */
  static List<ScheduleRange> ranges(SortedSet<Integer> values) {
    List<ScheduleRange> ranges = new ArrayList<>();
    Integer start = null;
    int previous = 0;
    for (int v : values) {
      if (start != null && v != previous + 1) {
        ranges.add(new ScheduleRange(start, previous));
        start = null;
      }
      if (start == null) {
        start = v;
      }
      previous = v;
    }
    if (start != null) {
      ranges.add(new ScheduleRange(start, previous));
    }
    return ranges;
  }

  /** The SDK leaves what was never set null. */
  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * Every value the ranges hold (Temporal's reading: an end before the start is the start, a step 0 is
   * 1); no ranges are {@code unset}..{@code unsetTo}.
   */
  static SortedSet<Integer> values(List<ScheduleRange> ranges, int unset, int unsetTo) {
    SortedSet<Integer> values = new TreeSet<>();
    if (ranges == null || ranges.isEmpty()) {
      for (int v = unset; v <= unsetTo; v++) {
        values.add(v);
      }
      return values;
    }
    for (ScheduleRange r : ranges) {
      int end = Math.max(r.getStart(), r.getEnd());
      int step = Math.max(1, r.getStep());
      for (int v = r.getStart(); v <= end; v += step) {
        values.add(v);
      }
    }
    return values;
  }

  /** The rules in a line: {@code 05:30 every day; 09:00 tue, days 8-14, months 1,4,7,10}. */
  static String describe(Set<CalendarRule> rules) {
    return rules.stream().map(r -> {
      String at = r.timesOfDay().size() <= 3
          ? r.timesOfDay().stream().map(Object::toString).collect(Collectors.joining(","))
          : r.timesOfDay().size() + " times a day";
      List<String> day = new ArrayList<>();
      if (r.daysOfWeek().size() < 7) {
        day.add(r.daysOfWeek().stream().map(d -> d.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(",")));
      }
      if (r.daysOfMonth().size() < 31) {
        day.add("days " + r.daysOfMonth().stream().map(Object::toString).collect(Collectors.joining(",")));
      }
      if (r.months().size() < 12) {
        day.add("months " + r.months().stream().map(Object::toString).collect(Collectors.joining(",")));
      }
      return at + " " + (day.isEmpty() ? "every day" : String.join(", ", day));
    }).sorted().collect(Collectors.joining("; "));
  }

  // ---- overlap

  static ScheduleOverlapPolicy overlap(OverlapPolicy policy) {
    return ScheduleOverlapPolicy.valueOf("SCHEDULE_OVERLAP_POLICY_" + policy.name());
  }

  static OverlapPolicy overlap(ScheduleOverlapPolicy policy) {
    if (policy == null || policy == ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED
        || policy == ScheduleOverlapPolicy.UNRECOGNIZED) {
      return OverlapPolicy.SKIP;
    }
    return OverlapPolicy.valueOf(policy.name().substring("SCHEDULE_OVERLAP_POLICY_".length()));
  }

  /** "EdgeRunbook=backup-verify, EdgeStore=[store-0001]": the run's search attributes, in name order. */
  static String attributes(SearchAttributes attributes) {
    if (attributes == null) return "";
    return attributes.getUntypedValues().entrySet().stream()
        .map(e -> e.getKey().getName() + "=" + e.getValue())
        .sorted()
        .collect(Collectors.joining(", "));
  }
}