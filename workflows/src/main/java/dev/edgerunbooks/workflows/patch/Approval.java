package dev.edgerunbooks.workflows.patch;

/** A named approver lets wave {@code wave} start. */
public record Approval(String approver, int wave, String comment) {}
