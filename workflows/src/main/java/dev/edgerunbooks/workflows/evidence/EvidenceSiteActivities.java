package dev.edgerunbooks.workflows.evidence;

import io.temporal.activity.ActivityInterface;

/**
 * Collects one store's configuration and state through its own APIs. Runs on the store's worker,
 * which strips secrets and personal data before anything leaves the store.
 */
@ActivityInterface(namePrefix = "Evidence")
public interface EvidenceSiteActivities {
  StoreSnapshot collect(String storeId);
}
