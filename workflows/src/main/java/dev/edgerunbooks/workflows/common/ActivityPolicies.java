package dev.edgerunbooks.workflows.common;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** The timeouts and retry policies shared by every runbook's activities. */
public final class ActivityPolicies {
  private static final String[] PERMANENT = {
    FailureTypes.AUTH_FAILED,
    FailureTypes.PERMISSION_DENIED,
    FailureTypes.BAD_REQUEST,
    FailureTypes.NOT_FOUND,
    FailureTypes.TLS_PIN_MISMATCH,
    FailureTypes.TASK_FAILED,
    FailureTypes.UNKNOWN_STORE,
    FailureTypes.RUNBOOK_INVALID,
    FailureTypes.INVALID_REQUEST,
    FailureTypes.STAGING_NOT_READY,
    FailureTypes.GUEST_DID_NOT_BOOT,
    FailureTypes.PROVISIONING_FAILED,
    FailureTypes.BUNDLE_REJECTED,
    FailureTypes.VAULT_DENIED,
    FailureTypes.CERTIFICATE_NOT_RESTORABLE,
    FailureTypes.TOKEN_NOT_WORKING
  };

  private ActivityPolicies() {}

  /**
   * A store's activity: a schedule-to-start timeout so a store whose worker is gone is noticed, a
   * heartbeat so a stuck task is noticed, and a few retries with backoff for a flaky WAN. A store
   * that stays unreachable is reported after about 15 s of retries rather than stalling the run.
   *
   * <p>A cancelled scope abandons its store activities instead of asking the server to cancel them:
   * the runbooks' cleanup (a destroy that stops the guest's running tasks first) is what ends the
   * work on the store, so a cancel request adds nothing. It would also race with an activity that
   * completes at the same moment, which the embedded test server answers by rejecting the workflow
   * task (ACTIVITY_UNKNOWN) and never scheduling another: the run would hang.
   */
  public static ActivityOptions site(String taskQueue, Duration responseTimeout) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setCancellationType(ActivityCancellationType.ABANDON)
        .setScheduleToStartTimeout(responseTimeout)
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setHeartbeatTimeout(Duration.ofMinutes(1))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(5)
                .setDoNotRetry(PERMANENT)
                .build())
        .build();
  }

  /**
   * A store's activity that talks to a rate-limited or slow third party (an ACME CA, Vault PKI):
   * retried six times over about 10 minutes with a doubling backoff, so a CA's brief outage or rate
   * limit is ridden out without hammering it (Vault Agent's retry-without-backoff, hashicorp/vault#26367).
   */
  public static ActivityOptions siteSlowRetry(String taskQueue, Duration responseTimeout) {
    ActivityOptions site = site(taskQueue, responseTimeout);
    return ActivityOptions.newBuilder(site)
        .setRetryOptions(
            RetryOptions.newBuilder(site.getRetryOptions())
                .setInitialInterval(Duration.ofSeconds(20))
                .setMaximumInterval(Duration.ofMinutes(5))
                .setMaximumAttempts(6)
                .build())
        .build();
  }

  /**
   * A central activity (fleet definition, audit bucket): retried with backoff for up to 30 minutes,
   * so a short outage of the bucket delays a report instead of losing it.
   */
  public static ActivityOptions central() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.CENTRAL)
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setScheduleToCloseTimeout(Duration.ofMinutes(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setDoNotRetry(PERMANENT)
                .build())
        .build();
  }
}
