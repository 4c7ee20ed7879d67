package dev.edgerunbooks.workflows.patch;

/**
 * @param changed whether the upgrade installed anything (false on a retry that finds it done)
 * @param rebootRequired whether the node runs a kernel other than the newest installed one
 */
public record NodeUpgrade(boolean changed, boolean rebootRequired) {}
