package dev.edgerunbooks.workflows.drdrill;

import java.time.Duration;
import java.time.Instant;

/**
 * @param target null when the runbook sets none for this phase
 * @param met true when there is no target or the phase took no longer than it
 * @param failure why the phase failed; null when it completed
 */
public record PhaseTiming(
    DrillPhase phase,
    Instant start,
    Instant end,
    Duration took,
    Duration target,
    boolean met,
    String failure) {}
