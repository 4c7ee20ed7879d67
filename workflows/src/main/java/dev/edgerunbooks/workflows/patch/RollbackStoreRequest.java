package dev.edgerunbooks.workflows.patch;

import java.time.Duration;

/**
 * Incident runbook input. Workflow id: {@code rollback-store/<store>}.
 *
 * @param fromBundle the bundle to leave: its {@code pre-<bundle>} snapshots are used where they exist
 * @param toBundle the last good bundle the store goes back to
 */
public record RollbackStoreRequest(String storeId, String fromBundle, String toBundle, String initiator, Duration siteResponseTimeout) {}
