package dev.edgerunbooks.workflows.restoretest;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;

/**
 * @param stores the stores whose guests to consider; empty means the whole fleet
 * @param week the ISO week whose selection to test, {@code 2026-W48}; null means the week the run
 *     starts in (UTC). The selection is a function of the week, so a rerun tests the same guests.
 * @param dryRun plan only: return what would be restored where, and touch nothing
 * @param requestedBy who or what started the run (a user, or the schedule's name)
 */
public record RestoreTestRequest(List<String> stores, String week, boolean dryRun, String requestedBy) implements RunScope {
  public RestoreTestRequest {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }

  @Override
  public String startedBy() {
    return requestedBy;
  }
}
