package dev.edgerunbooks.starters.cli;

import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the current code diverges from a history, read from the message of the SDK's {@code
 * NonDeterministicException} (SDK 1.38) and the history itself.
 *
 * @param eventId the event the replay failed at; 0 when the message does not name one
 * @param eventType e.g. {@code ACTIVITY_TASK_SCHEDULED}; null when unknown
 * @param inHistory what the history has at that event, e.g. {@code activity Apply}
 * @param command the command the code produced instead, e.g. {@code SCHEDULE_ACTIVITY_TASK}; null
 *     when it produced none there (or the message says neither)
 * @param codeProduced what that command is, e.g. {@code activity Announce}; null when unknown
 * @param check the attribute that differs ({@code activityType}, {@code workflowId}, …); null when
 *     the command types differ or there is no command
 * @param workflowType the workflow type of the history
 * @param activityTypes the activity types involved: the history's and the code's
 * @param message the exception's message, without the stack trace the replayer adds
 */
record Divergence(
    long eventId,
    String eventType,
    String inHistory,
    String command,
    String codeProduced,
    String check,
    String workflowType,
    List<String> activityTypes,
    String message) {
  private static final Pattern FAILED_AT = Pattern.compile("Failure handling event (\\d+) of type '(\\w+)'");
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "Command (\\w+) doesn't match event (\\w+) with EventId=(\\d+) on check (\\w+) with an expected value"
              + " '(.*?)' and an actual value '(.*?)'",
          Pattern.DOTALL);
  private static final Pattern COMMAND_TYPE = Pattern.compile("Event (\\d+) of type (\\w+) does not match command type (\\w+)");
  private static final Pattern NO_COMMAND = Pattern.compile("No command scheduled that corresponds to");
  private static final Pattern NAME = Pattern.compile("^\\s*name: \"(.*)\"\\s*$", Pattern.DOTALL);
  private static final Pattern TASK_IDS = Pattern.compile("\\s*\\{WorkflowTaskStartedEventId=[^}]*}");

  static Divergence of(String message, Histories.Recorded recorded) {
    int trace = message.indexOf("\tat ");
    String clean =
        TASK_IDS.matcher(trace < 0 ? message : message.substring(0, trace)).replaceAll("").replace("\n'", "'").strip();
    long eventId = 0;
    String eventType = null;
    Matcher at = FAILED_AT.matcher(clean);
    if (at.find()) {
      eventId = Long.parseLong(at.group(1));
      eventType = bare(at.group(2));
    }
    String command = null;
    String codeProduced = null;
    String check = null;
    String codeValue = null;
    Matcher attribute = ATTRIBUTE.matcher(clean);
    Matcher commandType = COMMAND_TYPE.matcher(clean);
    if (attribute.find()) {
      command = bare(attribute.group(1));
      eventType = bare(attribute.group(2));
      eventId = Long.parseLong(attribute.group(3));
      check = attribute.group(4);
      codeValue = value(attribute.group(5));
      codeProduced = what(check, codeValue);
    } else if (commandType.find()) {
      eventId = Long.parseLong(commandType.group(1));
      eventType = bare(commandType.group(2));
      command = bare(commandType.group(3));
    }
    Optional<HistoryEvent> event = eventId > 0 ? recorded.event(eventId) : Optional.empty();
    String inHistory = event.map(Divergence::describe).orElse(eventType);
    List<String> activities = new ArrayList<>();
    event.filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .ifPresent(e -> activities.add(e.getActivityTaskScheduledEventAttributes().getActivityType().getName()));
    if ("activityType".equals(check)) {
      activities.add(codeValue);
    }
    return new Divergence(
        eventId, eventType, inHistory, command, codeProduced, check, recorded.workflowType(),
        activities.stream().distinct().toList(), clean);
  }

  /** {@code EVENT_TYPE_TIMER_STARTED} and {@code COMMAND_TYPE_START_TIMER} without their prefixes. */
  private static String bare(String type) {
    return type.replaceFirst("^(EVENT_TYPE_|COMMAND_TYPE_)", "");
  }

  /** A value as the message quotes it: {@code name: "Apply"} (a type) is {@code Apply}. */
  private static String value(String quoted) {
    Matcher name = NAME.matcher(quoted);
    return name.matches() ? name.group(1) : quoted.strip();
  }

  /** What the code's command is, from the attribute that differs. */
  private static String what(String check, String value) {
    return switch (check) {
      case "activityType" -> "activity " + value;
      case "activityId" -> "activity id " + value;
      case "workflowType" -> "child workflow " + value;
      case "workflowId" -> "child workflow id " + value;
      case "timerId" -> "timer " + value;
      case "markerName" -> "marker " + value;
      default -> check + " " + value;
    };
  }

  /** What the history holds at an event: {@code activity Apply}, {@code timer 3 (PT1H)}, … */
  static String describe(HistoryEvent e) {
    String type = bare(e.getEventType().name());
    if (e.hasActivityTaskScheduledEventAttributes()) {
      var a = e.getActivityTaskScheduledEventAttributes();
      return type + ", activity " + a.getActivityType().getName();
    }
    if (e.hasStartChildWorkflowExecutionInitiatedEventAttributes()) {
      var c = e.getStartChildWorkflowExecutionInitiatedEventAttributes();
      return type + ", child workflow " + c.getWorkflowType().getName() + " " + c.getWorkflowId();
    }
    if (e.hasTimerStartedEventAttributes()) {
      var t = e.getTimerStartedEventAttributes();
      return type + ", timer " + t.getTimerId() + " (" + t.getStartToFireTimeout().getSeconds() + "s)";
    }
    if (e.hasMarkerRecordedEventAttributes()) {
      var m = e.getMarkerRecordedEventAttributes();
      return type + ", marker " + m.getMarkerName() + changeId(m.getDetailsMap().get("changeId"));
    }
    if (e.hasSignalExternalWorkflowExecutionInitiatedEventAttributes()) {
      var s = e.getSignalExternalWorkflowExecutionInitiatedEventAttributes();
      return type + ", signal " + s.getSignalName() + " to " + s.getWorkflowExecution().getWorkflowId();
    }
    if (e.hasRequestCancelExternalWorkflowExecutionInitiatedEventAttributes()) {
      var c = e.getRequestCancelExternalWorkflowExecutionInitiatedEventAttributes();
      return type + ", cancel of " + c.getWorkflowExecution().getWorkflowId();
    }
    return type;
  }

  /** The change id of a version marker, {@code  (change "x")}, or nothing. */
  private static String changeId(Payloads payloads) {
    if (payloads == null) {
      return "";
    }
    try {
      String id = DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0, Optional.of(payloads), String.class, String.class);
      return id == null ? "" : " (change \"" + id + "\")";
    } catch (RuntimeException notAString) {
      return "";
    }
  }

  /** What the code produced at the event instead of what the history has there. */
  String instead() {
    if (command != null) {
      return command + (codeProduced != null ? ", " + codeProduced : "") + (check != null ? " (" + check + " differs)" : "");
    }
    if (NO_COMMAND.matcher(message).find()) {
      return "no command (a step was removed, or its condition changed)";
    }
    return "see the message";
  }
}
