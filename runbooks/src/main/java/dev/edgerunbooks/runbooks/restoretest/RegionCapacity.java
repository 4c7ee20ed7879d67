package dev.edgerunbooks.runbooks.restoretest;

import dev.edgerunbooks.runbooks.SourceLocation;

/** A region whose staging cluster takes a different number of concurrent restores than the default. */
public record RegionCapacity(String region, int capacity, SourceLocation location) {}
