package dev.edgerunbooks.workflows.evidence;

import java.time.Duration;

/**
 * @param taskQueue the store's own worker's queue ({@code site-<storeId>})
 * @param siteResponseTimeout how long the store's worker may take to pick up the collection before
 *     the store is recorded as not collected
 */
public record StoreEvidencePlan(String storeId, String taskQueue, Duration siteResponseTimeout) {}
