package dev.edgerunbooks.workflows.backupverify;

import java.time.Duration;
import java.util.List;

/**
 * What to verify at one store, resolved from the fleet definition when the run starts.
 *
 * @param defaultRpo the target for a guest found on the cluster but not in the fleet definition
 * @param siteResponseTimeout how long the store's worker may take to pick up work before the store
 *     is reported unreachable (the site activities' schedule-to-start timeout)
 * @param offsiteMaxAge how old the last successful offsite sync may be
 */
public record StoreVerifyPlan(
    String storeId,
    List<GuestExpectation> guests,
    Duration defaultRpo,
    Duration siteResponseTimeout,
    Duration offsiteMaxAge) {
  public StoreVerifyPlan {
    guests = List.copyOf(guests);
  }
}
