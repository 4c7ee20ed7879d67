package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.staging.StagingGuest;
import java.util.List;

/**
 * @param leftoversRemoved guests found in the reserved VMID range before the run started (left by
 *     an earlier run that was killed) and destroyed
 */
public record StagingRestoreResult(
    String region, List<GuestRestoreResult> guests, List<StagingGuest> leftoversRemoved) {
  public StagingRestoreResult {
    guests = List.copyOf(guests);
    leftoversRemoved = List.copyOf(leftoversRemoved);
  }
}
