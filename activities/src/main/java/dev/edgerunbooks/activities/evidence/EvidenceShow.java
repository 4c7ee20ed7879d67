package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.report.AuditBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One store's evidence on one day, as an auditor asks for it: every item with its hash and data,
 * checked against the day's file. The day's signature and chain are {@link EvidenceChainVerifier}'s.
 */
public final class EvidenceShow {
  private final AuditBucket bucket;

  public EvidenceShow(AuditBucket bucket) {
    this.bucket = bucket;
  }

  /** @param data the item's canonical JSON */
  public record Item(String id, String sha256, String data) {}

  /**
   * @param root the store's root as the day's file records it
   * @param failure why the store was not collected that day; null when it was
   * @param problems where the items do not match the day's file (empty when they all do)
   */
  public record StoreEvidence(
      String date, String store, String dayKey, String itemsKey, String root, List<Item> items, List<String> gaps,
      String failure, List<String> problems) {
    public boolean verified() {
      return problems.isEmpty();
    }
  }

  /**
   * @throws IllegalArgumentException when the day has no file, or the store is not in it
   */
  public StoreEvidence show(String date, String storeId) {
    String dayKey = EvidenceFiles.dayKey(date);
    JsonNode day = EvidenceHashes.parse(bucket.getBytes(dayKey)
        .orElseThrow(() -> new IllegalArgumentException("there is no evidence for " + date + " (" + dayKey + ")")));
    JsonNode entry = null;
    for (JsonNode store : day.path("stores")) {
      if (storeId.equals(store.path("store").asText())) {
        entry = store;
      }
    }
    if (entry == null) {
      throw new IllegalArgumentException("the evidence of " + date + " has no store " + storeId);
    }
    List<String> gaps = new ArrayList<>();
    entry.path("gaps").forEach(g -> gaps.add(g.asText()));
    String failure = entry.hasNonNull("failure") ? entry.path("failure").asText() : null;
    if (!entry.hasNonNull("root")) {
      return new StoreEvidence(date, storeId, dayKey, null, null, List.of(), gaps, failure, List.of());
    }
    List<String> problems = EvidenceChainVerifier.checkStore(date, entry, bucket).stream()
        .map(ChainVerification.Problem::sentence).toList();
    String itemsKey = entry.path("itemsKey").asText();
    List<Item> items = new ArrayList<>();
    Optional<byte[]> bytes = bucket.getBytes(itemsKey);
    if (bytes.isPresent()) {
      try {
        for (JsonNode item : EvidenceHashes.parse(bytes.get()).path("items")) {
          items.add(new Item(item.path("id").asText(), item.path("sha256").asText(), EvidenceHashes.canonical(item.path("data"))));
        }
      } catch (IllegalArgumentException e) {
        // named in problems
      }
    }
    return new StoreEvidence(date, storeId, dayKey, itemsKey, entry.path("root").asText(), items, gaps, failure, problems);
  }
}
