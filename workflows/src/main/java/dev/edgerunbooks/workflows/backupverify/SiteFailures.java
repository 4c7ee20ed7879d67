package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.SiteProblem;
import io.temporal.failure.ActivityFailure;

/** Turns a failed site activity into a named finding: unreachable store, or an API refusing us. */
final class SiteFailures {
  private SiteFailures() {}

  static VerifyFailure classify(
      String storeId, Integer vmid, String guest, String step, ActivityFailure failure) {
    SiteProblem problem = SiteProblem.of(storeId, step, failure);
    FailureKind kind = problem.unreachable() ? FailureKind.STORE_UNREACHABLE : FailureKind.API_ERROR;
    return new VerifyFailure(storeId, vmid, guest, kind, problem.detail());
  }
}
