package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** Turns a failed site activity into a named finding: unreachable store, or an API refusing us. */
final class SiteFailures {
  private SiteFailures() {}

  static VerifyFailure classify(
      String storeId, Integer vmid, String guest, String step, ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof TimeoutFailure timeout
        && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
      return new VerifyFailure(
          storeId,
          vmid,
          guest,
          FailureKind.STORE_UNREACHABLE,
          "the store's worker (task queue site-"
              + storeId
              + ") did not pick up '"
              + step
              + "' in time: the store, its worker or its link is down");
    }
    if (cause instanceof ApplicationFailure app
        && FailureTypes.STORE_UNREACHABLE.equals(app.getType())) {
      return new VerifyFailure(
          storeId, vmid, guest, FailureKind.STORE_UNREACHABLE, step + ": " + app.getOriginalMessage());
    }
    String detail =
        cause instanceof ApplicationFailure app
            ? app.getType() + ": " + app.getOriginalMessage()
            : cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : String.valueOf(cause);
    return new VerifyFailure(storeId, vmid, guest, FailureKind.API_ERROR, step + ": " + detail);
  }
}
