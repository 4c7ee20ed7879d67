package dev.edgerunbooks.workflows.backupverify;

/**
 * One problem found by a verification run.
 *
 * @param vmid the guest, null for a store-wide problem
 * @param guest the guest's name, null for a store-wide problem
 */
public record VerifyFailure(
    String storeId, Integer vmid, String guest, FailureKind kind, String reason) {}
