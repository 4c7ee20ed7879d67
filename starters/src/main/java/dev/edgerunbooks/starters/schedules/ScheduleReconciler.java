package dev.edgerunbooks.starters.schedules;

import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a Temporal cluster's Schedules match schedules.yaml through the SDK's {@link ScheduleClient}:
 * reads what the server has ({@link #existing}), plans ({@link SchedulePlan#of}) and applies the plan.
 */
public final class ScheduleReconciler {
  private final ScheduleClient client;
  private final DataConverter converter;

  public ScheduleReconciler(ScheduleClient client) {
    this(client, GlobalDataConverter.get());
  }

  public ScheduleReconciler(ScheduleClient client, DataConverter converter) {
    this.client = client;
    this.converter = converter;
  }

  /** What became of a step. */
  public record Outcome(SchedulePlan.Step step, boolean done, String error) {}

  /**
   * Whether the server has a Schedules API.
   *
   * @throws RuntimeException when it cannot be asked (unreachable)
   */
  public static boolean available(ScheduleClient client) {
    try {
      client.listSchedules(1).findFirst();
      return true;
    } catch (RuntimeException e) {
      if (unimplemented(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Whether {@code e} is the server saying it has no such call (UNIMPLEMENTED), wrapped or not. */
  public static boolean unimplemented(Throwable e) {
    return status(e).filter(s -> s.getCode() == Status.Code.UNIMPLEMENTED).isPresent();
  }

  /** Whether {@code e} is the server saying there is no such schedule (NOT_FOUND), wrapped or not. */
  public static boolean notFound(Throwable e) {
    return status(e).filter(s -> s.getCode() == Status.Code.NOT_FOUND).isPresent();
  }

  private static Optional<Status> status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return Optional.of(s.getStatus());
      }
    }
    return Optional.empty();
  }

  /**
   * Every schedule of the namespace; ours described in full.
   *
   * @throws SchedulesUnavailableException when the server has no Schedules API
   */
  public List<ExistingSchedule> existing() {
    List<ExistingSchedule> existing = new ArrayList<>();
    List<ScheduleListDescription> listed;
    try {
      listed = client.listSchedules().toList();
    } catch (RuntimeException e) {
      if (unimplemented(e)) {
        throw new SchedulesUnavailableException(e);
      }
      throw e;
    }
    for (ScheduleListDescription s : listed) {
      Object memo = s.getMemo(TemporalSchedules.MEMO_KEY, String.class);
      existing.add(memo == null ? ExistingSchedule.theirs(s.getScheduleId()) : describe(s.getScheduleId()));
    }
    return existing;
  }

  private ExistingSchedule describe(String id) {
    ScheduleDescription d = client.getHandle(id).describe();
    Schedule schedule = d.getSchedule();
    boolean paused = schedule.getState() != null && schedule.getState().isPaused();
    String note = schedule.getState() == null || schedule.getState().getNote() == null ? "" : schedule.getState().getNote();
    ScheduleShape shape = null;
    String unreadable = null;
    try {
      shape = TemporalSchedules.shape(schedule, converter);
    } catch (RuntimeException e) {
      unreadable = e.getMessage();
    }
    return new ExistingSchedule(id, true, shape, unreadable, paused, note, d.getInfo().getNextActionTimes());
  }

  /** The plan against what the server has now. */
  public SchedulePlan plan(SchedulesDefinition file) {
    return SchedulePlan.of(file.schedules(), existing());
  }

  /** Carries out the plan's creates, updates and deletes, each on its own: one failing does not stop the rest. */
  public List<Outcome> apply(SchedulePlan plan) {
    List<Outcome> outcomes = new ArrayList<>();
    for (SchedulePlan.Step step : plan.steps()) {
      try {
        switch (step.action()) {
          case CREATE -> {
            ScheduleDefinition d = step.definition().orElseThrow();
            client.createSchedule(step.scheduleId(), TemporalSchedules.schedule(d), TemporalSchedules.options(d));
          }
          case UPDATE -> {
            Schedule desired = TemporalSchedules.schedule(step.definition().orElseThrow());
            // the pause and its note are the operators', not the file's
            client.getHandle(step.scheduleId()).update(in -> new ScheduleUpdate(
                Schedule.newBuilder(desired).setState(in.getDescription().getSchedule().getState()).build()));
          }
          case DELETE -> client.getHandle(step.scheduleId()).delete();
          case KEEP, CONFLICT -> {
            outcomes.add(new Outcome(step, false, null));
            continue;
          }
        }
        outcomes.add(new Outcome(step, true, null));
      } catch (RuntimeException e) {
        outcomes.add(new Outcome(step, false, e.getMessage()));
      }
    }
    return outcomes;
  }
}
