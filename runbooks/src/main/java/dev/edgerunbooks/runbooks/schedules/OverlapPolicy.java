package dev.edgerunbooks.runbooks.schedules;

import java.util.Locale;

/**
 * What a schedule does when its time comes while the run it started last is still running: Temporal's
 * {@code ScheduleOverlapPolicy}, written in schedules.yaml in lower case with dashes.
 */
public enum OverlapPolicy {
  /** Do not start this one (Temporal's default); the next time after the running one ends is the next start. */
  SKIP,
  /** Start this one when the running one ends; while one waits, later ones are dropped (the first is kept). */
  BUFFER_ONE,
  /** Start each waiting one in turn as the one before ends. */
  BUFFER_ALL,
  /** Cancel the running one, and start this one once the cancel has ended it. */
  CANCEL_OTHER,
  /** Terminate the running one and start this one. */
  TERMINATE_OTHER,
  /** Start this one beside the running one. */
  ALLOW_ALL;

  /** {@code buffer-one}: how schedules.yaml writes it. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
