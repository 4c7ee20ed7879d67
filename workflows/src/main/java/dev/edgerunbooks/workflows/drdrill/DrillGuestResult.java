package dev.edgerunbooks.workflows.drdrill;

import java.time.Duration;
import java.time.Instant;

/**
 * One guest of a drill.
 *
 * @param position 1-based place in the boot order
 * @param rpo drill start minus the backup's time
 * @param readyAfter from the start of the drill until this guest was validated
 * @param failure null when the guest came up and its probe passed
 */
public record DrillGuestResult(
    int position,
    int vmid,
    String name,
    String role,
    String type,
    boolean passed,
    String failure,
    Instant backupTime,
    Duration rpo,
    Duration restoreTime,
    Duration bootTime,
    Duration probeTime,
    Duration readyAfter) {}
