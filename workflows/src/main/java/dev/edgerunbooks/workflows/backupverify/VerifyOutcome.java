package dev.edgerunbooks.workflows.backupverify;

/**
 * @param ok true when PBS verify ended with OK
 * @param upid the verify task, null when no task was needed (already verified)
 * @param detail PBS's exit status or the reason no task ran
 */
public record VerifyOutcome(boolean ok, String upid, String detail) {}
