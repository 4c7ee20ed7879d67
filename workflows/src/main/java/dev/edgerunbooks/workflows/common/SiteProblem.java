package dev.edgerunbooks.workflows.common;

import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/**
 * What went wrong when a site activity (a store's or a staging cluster's) failed: the site could not
 * be reached, or its API refused or failed the call.
 *
 * @param type the activity's failure type ({@link FailureTypes}), null when it timed out
 * @param detail a sentence naming the step and the cause
 */
public record SiteProblem(boolean unreachable, String type, String detail) {

  /**
   * @throws CanceledFailure when the activity failed because the run was cancelled: that is not a
   *     problem of the site, and the cancel must reach the workflow's own handling
   */
  public static SiteProblem of(String siteId, String step, ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof CanceledFailure cancelled) {
      throw cancelled;
    }
    if (cause instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
      return new SiteProblem(
          true,
          null,
          "the worker of "
              + siteId
              + " (task queue "
              + TaskQueues.site(siteId)
              + ") did not pick up '"
              + step
              + "' in time: the site, its worker or its link is down");
    }
    if (cause instanceof ApplicationFailure app) {
      boolean unreachable = FailureTypes.STORE_UNREACHABLE.equals(app.getType());
      String detail = unreachable ? app.getOriginalMessage() : app.getType() + ": " + app.getOriginalMessage();
      return new SiteProblem(unreachable, app.getType(), step + ": " + detail);
    }
    String detail = cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : String.valueOf(cause);
    return new SiteProblem(false, null, step + ": " + detail);
  }

  public boolean is(String failureType) {
    return failureType.equals(type);
  }
}
