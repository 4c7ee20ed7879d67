package dev.edgerunbooks.workflows.patch;

/** A pause, resume or abort: who, and why. */
public record Intervention(String by, String reason) {}
