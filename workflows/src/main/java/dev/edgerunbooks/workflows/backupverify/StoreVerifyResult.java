package dev.edgerunbooks.workflows.backupverify;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one store's verification.
 *
 * @param worstRpo the oldest newest-backup among the store's guests, null when none was found
 * @param offsite the offsite copy's state, null when the store could not be asked
 */
public record StoreVerifyResult(
    String storeId,
    StoreVerdict verdict,
    List<GuestVerifyResult> guests,
    Duration worstRpo,
    OffsiteCopy offsite,
    List<VerifyFailure> failures) {
  public StoreVerifyResult {
    guests = List.copyOf(guests);
    failures = List.copyOf(failures);
  }
}
