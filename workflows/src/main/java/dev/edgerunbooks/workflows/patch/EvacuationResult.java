package dev.edgerunbooks.workflows.patch;

import java.util.List;

/** @param note what the responder does next (noout stays set until the node is repaired) */
public record EvacuationResult(String storeId, String node, List<GuestPlacement> moved, String note) {
  public EvacuationResult {
    moved = List.copyOf(moved);
  }
}
