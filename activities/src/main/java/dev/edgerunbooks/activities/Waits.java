package dev.edgerunbooks.activities;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/** Waiting inside an activity: a pause that turns an interrupt into a failure, and a heartbeat that works outside one too. */
public final class Waits {
  private Waits() {}

  /** Sleeps; an interrupt (the worker shutting down) fails the activity, to be retried. */
  public static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting", "Interrupted");
    }
  }

  /** Heartbeats the running activity; does nothing when called outside one (a test, the CLI). */
  public static void heartbeat() {
    try {
      Activity.getExecutionContext().heartbeat(null);
    } catch (IllegalStateException outsideAnActivity) {
      // nobody to tell
    }
  }
}
