package dev.edgerunbooks.workflows.drdrill;

import java.time.Duration;

public record StoreDrillOutcome(
    String storeId,
    DrillVerdict verdict,
    String failure,
    Duration rto,
    Duration worstRpo,
    DrillReportKeys report) {}
