package dev.edgerunbooks.workflows.drdrill;

import java.util.List;

public record DrDrillPlan(List<StoreDrillPlan> stores) {
  public DrDrillPlan {
    stores = List.copyOf(stores);
  }
}
