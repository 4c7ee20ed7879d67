package dev.edgerunbooks.workflows.patch;

/** Where a guest was moved from and to while its node was evacuated, so it can be moved back. */
public record GuestPlacement(int vmid, String type, String from, String to) {}
