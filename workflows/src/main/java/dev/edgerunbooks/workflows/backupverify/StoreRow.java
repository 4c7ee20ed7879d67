package dev.edgerunbooks.workflows.backupverify;

import java.time.Duration;

/** One store's line in the run report; the full result sits at {@code detailKey}. */
public record StoreRow(
    String storeId,
    StoreVerdict verdict,
    int guests,
    int guestsPassed,
    Duration worstRpo,
    String detailKey) {}
