package dev.edgerunbooks.workers.schedules;

import dev.edgerunbooks.starters.schedules.ScheduledRuns.ScheduledStart;

/** What the in-process trigger asks of Temporal: start a run, see how it stands, cancel or end it. */
public interface ScheduleRuns {
  /** A run: its workflow id and run id. */
  record Run(String workflowId, String runId) {}

  /**
   * How a start went.
   *
   * @param existed the id was taken: {@code run} is the run that has it
   */
  record Started(Run run, boolean existed) {}

  /** How a run stands. */
  enum State {
    RUNNING,
    COMPLETED,
    /** Failed or timed out: what pauses a schedule that pauses on failure, as in Temporal. */
    FAILED,
    /** Cancelled, terminated or continued as new. */
    ENDED
  }

  Started start(ScheduledStart start);

  State state(Run run);

  void cancel(Run run);

  void terminate(Run run, String reason);
}
