package dev.edgerunbooks.workflows.evidence;

/**
 * A store's part of the night, as the fleet run keeps it: its Merkle root, not its items.
 *
 * @param root hex SHA-256 Merkle root over the store's item hashes; null when not collected
 * @param itemsKey where the store's items were written ({@code audit/edge/items/<date>/<store>.json})
 * @param gaps how many items could not be read
 * @param failure why the store was not collected at all; null when it was
 */
public record StoreRoot(String storeId, String root, int items, String itemsKey, int gaps, String failure) {
  public boolean collected() {
    return failure == null;
  }
}
