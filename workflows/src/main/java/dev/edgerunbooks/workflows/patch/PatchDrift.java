package dev.edgerunbooks.workflows.patch;

/**
 * How far the fleet is behind the newest bundle: stores on it, one and two bundles behind, older,
 * and those that did not report one. Ages count the distinct versions the fleet runs plus the bundle.
 */
public record PatchDrift(String newest, int current, int behindOne, int behindTwo, int older, int unknown) {}
