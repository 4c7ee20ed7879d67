package dev.edgerunbooks.starters.schedules;

/** The Temporal server has no Schedules API (Temporal's test server, as the embedded product runs it). */
public class SchedulesUnavailableException extends RuntimeException {
  public SchedulesUnavailableException(Throwable cause) {
    super("the Temporal server has no Schedules API (" + cause.getMessage() + ")", cause);
  }
}
