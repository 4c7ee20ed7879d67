package dev.edgerunbooks.workflows.evidence;

import java.util.List;

/**
 * What a night's evidence run will do, resolved centrally before any store is asked.
 *
 * @param date the day recorded, {@code YYYY-MM-DD}
 * @param key where the day's file goes: {@code audit/edge/<date>.json}
 * @param previousKey the latest earlier day's file the chain links to; null for the first day
 * @param wholeFleet false when the request named stores: the day's file says it is partial
 */
public record EvidencePlan(
    String date, String key, String previousKey, boolean wholeFleet, List<StoreEvidencePlan> stores) {
  public EvidencePlan {
    stores = List.copyOf(stores);
  }
}
