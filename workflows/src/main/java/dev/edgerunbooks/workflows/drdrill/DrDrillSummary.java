package dev.edgerunbooks.workflows.drdrill;

import java.util.List;

/** @param plan only set for a dry run */
public record DrDrillSummary(
    String workflowId, boolean dryRun, DrDrillPlan plan, List<StoreDrillOutcome> stores) {
  public DrDrillSummary {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }
}
