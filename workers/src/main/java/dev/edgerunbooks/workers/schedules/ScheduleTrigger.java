package dev.edgerunbooks.workers.schedules;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduledFire;
import dev.edgerunbooks.starters.schedules.ScheduledRuns;
import dev.edgerunbooks.workers.schedules.ScheduleRuns.Run;
import dev.edgerunbooks.workers.schedules.ScheduleRuns.Started;
import dev.edgerunbooks.workers.schedules.ScheduleRuns.State;
import dev.edgerunbooks.workers.schedules.TriggerStateFile.Saved;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fires the schedules of schedules.yaml in this process, for a Temporal server without a Schedules API
 * (the embedded product's test server), as a Temporal Schedule would: at each time of the schedule's
 * calendar in its zone ({@link dev.edgerunbooks.runbooks.schedules.ScheduleTimes}: DST as Temporal),
 * delayed by the same jitter, with its overlap policy, catching up the times missed while the process
 * was down within the catch-up window, and pausing when a run it started fails if the schedule says so.
 * Each run is started as {@code edgerun run} starts it, under the same id ({@link ScheduledRuns#start}).
 *
 * <p>{@link #tick} does the work and returns what it did; the caller calls it every second or so and
 * logs the events. Not thread-safe: one caller.
 */
public final class ScheduleTrigger {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");
  /** Most times handled for one schedule in one tick (a long outage of a per-minute schedule). */
  private static final int MAX_PER_TICK = 10_000;

  /** What happened to a fire, or to a schedule. */
  public enum Kind {
    STARTED, ALREADY_STARTED, SKIPPED_OVERLAP, BUFFERED, DROPPED_BUFFER_FULL, CANCELLING_OTHER, TERMINATED_OTHER,
    MISSED_CATCHUP_WINDOW, SKIPPED_PAUSED, PAUSED_ON_FAILURE, PAUSED, UNPAUSED, START_FAILED
  }

  /**
   * One thing the trigger did.
   *
   * @param nominal the schedule's time it concerns; null for a schedule's pause or unpause
   * @param workflowId the run started, skipped for, cancelled or failed; null when none
   */
  public record Event(String schedule, Kind kind, Instant nominal, String workflowId, String message) {
    @Override
    public String toString() {
      return message;
    }
  }

  /** A schedule's state here. */
  private static final class Slot {
    final ScheduleDefinition schedule;
    Instant lastNominal;
    boolean paused;
    String note;
    final List<Run> running = new ArrayList<>();
    final Deque<ScheduledFire> buffer = new ArrayDeque<>();
    boolean cancelling;
    String lastError;

    Slot(ScheduleDefinition schedule) {
      this.schedule = schedule;
    }
  }

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final ScheduleRuns runs;
  private final Clock clock;
  private final TriggerStateFile state;

  /**
   * @param state where the last times handled and the pauses are kept; a schedule it has no time for
   *     starts from now (a new schedule does not fire for the past, as in Temporal)
   */
  public ScheduleTrigger(List<ScheduleDefinition> schedules, ScheduleRuns runs, Clock clock, TriggerStateFile state) {
    this.runs = runs;
    this.clock = clock;
    this.state = state;
    Map<String, Saved> saved = state.load();
    Instant now = clock.instant();
    for (ScheduleDefinition s : schedules) {
      Slot slot = new Slot(s);
      Saved was = saved.get(s.name());
      slot.lastNominal = was == null || was.lastNominal() == null || was.lastNominal().isAfter(now) ? now : was.lastNominal();
      slot.paused = was != null && was.paused();
      slot.note = was == null ? null : was.note();
      slots.put(s.name(), slot);
    }
    save();
  }

  /** The schedules it fires, and whether each is paused (and why). */
  public Map<String, String> pauses() {
    Map<String, String> pauses = new LinkedHashMap<>();
    slots.forEach((name, slot) -> {
      if (slot.paused) {
        pauses.put(name, slot.note == null ? "" : slot.note);
      }
    });
    return pauses;
  }

  /** Handles what is due now: runs that ended, buffered starts, and every time whose start has come. */
  public List<Event> tick() {
    List<Event> events = new ArrayList<>();
    Instant now = clock.instant();
    boolean changed = readPausesFromFile(events);
    for (Slot slot : slots.values()) {
      changed |= refresh(slot, events);
      changed |= fireDue(slot, now, events);
    }
    if (changed) {
      save();
    }
    return events;
  }

  // An operator may unpause (or pause) a schedule by editing the file.
  private boolean readPausesFromFile(List<Event> events) {
    var edited = state.changedElsewhere();
    if (edited.isEmpty()) {
      return false;
    }
    edited.get().forEach((name, saved) -> {
      Slot slot = slots.get(name);
      if (slot != null && slot.paused != saved.paused()) {
        slot.paused = saved.paused();
        slot.note = saved.note();
        events.add(new Event(name, slot.paused ? Kind.PAUSED : Kind.UNPAUSED, null, null,
            "schedule " + name + (slot.paused ? " paused" : " unpaused") + " (" + state.path() + " was edited)"));
      }
    });
    return true;
  }

  /** Forgets runs that ended, pauses on a failure, starts a buffered fire when nothing runs. */
  private boolean refresh(Slot slot, List<Event> events) {
    boolean changed = false;
    for (Run run : List.copyOf(slot.running)) {
      State s;
      try {
        s = runs.state(run);
      } catch (RuntimeException e) {
        continue;
      }
      if (s == State.RUNNING) {
        continue;
      }
      slot.running.remove(run);
      if (s == State.FAILED && slot.schedule.pauseOnFailure() && !slot.paused) {
        slot.paused = true;
        slot.note = "paused because " + run.workflowId() + " failed";
        changed = true;
        events.add(new Event(slot.schedule.name(), Kind.PAUSED_ON_FAILURE, null, run.workflowId(), "schedule "
            + slot.schedule.name() + " paused: " + run.workflowId() + " failed, and the schedule pauses on failure; to"
            + " resume, set its paused to false in " + state.path()));
      }
    }
    if (slot.running.isEmpty()) {
      slot.cancelling = false;
      if (!slot.buffer.isEmpty() && !slot.paused) {
        start(slot, slot.buffer.poll(), "(buffered until the run before ended)", events);
      }
    }
    return changed;
  }

  /** Every time after the last handled whose (jittered) start has come. */
  private boolean fireDue(Slot slot, Instant now, List<Event> events) {
    ScheduleDefinition s = slot.schedule;
    boolean changed = false;
    for (Instant nominal : s.times().between(slot.lastNominal, now, MAX_PER_TICK)) {
      ScheduledFire fire = s.fire(nominal);
      if (fire.at().isAfter(now)) {
        break;
      }
      Duration late = Duration.between(fire.at(), now);
      if (late.compareTo(s.catchupWindow()) > 0) {
        events.add(event(slot, Kind.MISSED_CATCHUP_WINDOW, fire, null, "missed: " + Durations.format(late.withNanos(0))
            + " late, past its catch-up window of " + Durations.format(s.catchupWindow())));
      } else if (slot.paused) {
        events.add(event(slot, Kind.SKIPPED_PAUSED, fire, null, "skipped: the schedule is paused"
            + (slot.note == null ? "" : " (" + slot.note + ")")));
      } else if (!slot.running.isEmpty()) {
        overlap(slot, fire, events);
      } else if (!start(slot, fire, "", events)) {
        return changed; // Temporal unreachable: this time again on the next tick
      }
      slot.lastNominal = nominal;
      changed = true;
    }
    return changed;
  }

  private void overlap(Slot slot, ScheduledFire fire, List<Event> events) {
    String running = slot.running.get(slot.running.size() - 1).workflowId();
    switch (slot.schedule.overlap()) {
      case SKIP -> events.add(event(slot, Kind.SKIPPED_OVERLAP, fire, running, "skipped: " + running + " is still running"
          + " (overlap skip)"));
      case BUFFER_ONE -> {
        if (slot.buffer.isEmpty()) {
          slot.buffer.add(fire);
          events.add(event(slot, Kind.BUFFERED, fire, running, "waits for " + running + " to end (overlap buffer-one)"));
        } else {
          events.add(event(slot, Kind.DROPPED_BUFFER_FULL, fire, running, "skipped: one start already waits for "
              + running + " (overlap buffer-one)"));
        }
      }
      case BUFFER_ALL -> {
        slot.buffer.add(fire);
        events.add(event(slot, Kind.BUFFERED, fire, running, "waits for " + running + " to end, " + slot.buffer.size()
            + " waiting (overlap buffer-all)"));
      }
      case CANCEL_OTHER -> {
        slot.buffer.clear();
        slot.buffer.add(fire);
        if (!slot.cancelling) {
          slot.running.forEach(r -> {
            try {
              runs.cancel(r);
            } catch (RuntimeException e) {
              // ended meanwhile: the next tick finds it closed
            }
          });
          slot.cancelling = true;
        }
        events.add(event(slot, Kind.CANCELLING_OTHER, fire, running, "cancelling " + running
            + "; starts once it has ended (overlap cancel-other)"));
      }
      case TERMINATE_OTHER -> {
        for (Run r : slot.running) {
          try {
            runs.terminate(r, "schedule " + slot.schedule.name() + ": overlap terminate-other");
          } catch (RuntimeException e) {
            // ended meanwhile
          }
        }
        events.add(event(slot, Kind.TERMINATED_OTHER, fire, running, "terminated " + running + " (overlap terminate-other)"));
        slot.running.clear();
        start(slot, fire, "", events);
      }
      case ALLOW_ALL -> start(slot, fire, "beside " + running + " (overlap allow-all)", events);
    }
  }

  /** Starts the fire's run; false when Temporal could not be asked (the fire is tried again). */
  private boolean start(Slot slot, ScheduledFire fire, String why, List<Event> events) {
    ScheduledRuns.ScheduledStart start = ScheduledRuns.start(slot.schedule, fire.nominal());
    Started started;
    try {
      started = runs.start(start);
    } catch (RuntimeException e) {
      String error = e.getMessage();
      if (!Objects.equals(error, slot.lastError)) {
        events.add(event(slot, Kind.START_FAILED, fire, start.workflowId(), "could not start " + start.workflowId()
            + ", trying again: " + error));
      }
      slot.lastError = error;
      return false;
    }
    slot.lastError = null;
    if (started.existed()) {
      State s;
      try {
        s = runs.state(started.run());
      } catch (RuntimeException e) {
        s = State.RUNNING;
      }
      if (s == State.RUNNING) {
        slot.running.add(started.run());
      }
      events.add(event(slot, Kind.ALREADY_STARTED, fire, start.workflowId(), start.workflowId()
          + (s == State.RUNNING ? " is already running (started by hand, or before a restart)" : " has already run ("
          + s.name().toLowerCase(java.util.Locale.ROOT) + "); not run again")));
      return true;
    }
    slot.running.add(started.run());
    events.add(event(slot, Kind.STARTED, fire, start.workflowId(), "started " + start.workflowId()
        + (why.isEmpty() ? "" : " " + why)));
    return true;
  }

  private static Event event(Slot slot, Kind kind, ScheduledFire fire, String workflowId, String what) {
    ScheduleDefinition s = slot.schedule;
    String when = LOCAL.format(fire.nominal().atZone(s.timeZone()));
    if (!fire.at().equals(fire.nominal())) {
      when += " (+" + Durations.format(Duration.between(fire.nominal(), fire.at()).withNanos(0)) + " jitter)";
    }
    return new Event(s.name(), kind, fire.nominal(), workflowId, "schedule " + s.name() + " at " + when + ": " + what);
  }

  private void save() {
    Map<String, Saved> saved = new LinkedHashMap<>();
    slots.forEach((name, slot) -> saved.put(name, new Saved(slot.lastNominal, slot.paused, slot.note)));
    state.save(saved);
  }
}
