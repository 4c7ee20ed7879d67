package dev.edgerunbooks.workflows.staging;

/**
 * @param detail what was seen: the exit code and the start of the output, or the interface and its
 *     address
 */
public record ProbeResult(boolean passed, String detail) {}
