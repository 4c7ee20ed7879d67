package dev.edgerunbooks.workflows.backupverify;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Resolves a run's stores and targets from the fleet definition. Runs centrally. */
@ActivityInterface(namePrefix = "BackupVerify")
public interface BackupVerifyPlanActivities {

  /**
   * @throws io.temporal.failure.ApplicationFailure of type {@code UnknownStore} (non-retryable) when
   *     the request names a store the fleet definition does not know
   */
  List<StoreVerifyPlan> plan(BackupVerifyRequest request);
}
