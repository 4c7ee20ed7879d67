package dev.edgerunbooks.workflows.evidence;

import java.time.Instant;
import java.util.List;

/**
 * What one store's worker collected.
 *
 * @param items sorted by id
 * @param gaps what could not be read (a node offline, PBS unreachable), each naming the item and
 *     why; a gap is evidence too, never a silent omission
 */
public record StoreSnapshot(String storeId, Instant collectedAt, List<EvidenceItem> items, List<String> gaps) {
  public StoreSnapshot {
    items = List.copyOf(items);
    gaps = List.copyOf(gaps);
  }
}
