package dev.edgerunbooks.workflows.staging;

/** A guest found on a staging cluster. */
public record StagingGuest(int vmid, String name, String type, String node, String status) {}
