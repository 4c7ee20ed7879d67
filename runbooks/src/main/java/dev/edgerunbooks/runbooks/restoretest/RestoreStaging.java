package dev.edgerunbooks.runbooks.restoretest;

import dev.edgerunbooks.runbooks.SourceLocation;
import java.util.List;
import java.util.Objects;

/**
 * How restore tests use each region's staging cluster.
 *
 * @param vmidRange VMIDs reserved for restored guests; slot {@code i} restores into {@code first + i}
 * @param isolatedBridge the bridge restored guests are moved onto before they start
 * @param storage the staging storage restores go to
 * @param capacity restores a staging cluster takes at once, unless {@code capacityByRegion} says otherwise
 * @param location the {@code staging:} mapping
 */
public record RestoreStaging(
    VmidRange vmidRange,
    String isolatedBridge,
    String storage,
    int capacity,
    List<RegionCapacity> capacityByRegion,
    SourceLocation location) {

  public RestoreStaging {
    Objects.requireNonNull(vmidRange, "vmidRange");
    Objects.requireNonNull(isolatedBridge, "isolatedBridge");
    Objects.requireNonNull(storage, "storage");
    capacityByRegion = List.copyOf(capacityByRegion);
    Objects.requireNonNull(location, "location");
  }

  public int capacityFor(String region) {
    return capacityByRegion.stream()
        .filter(c -> c.region().equals(region))
        .mapToInt(RegionCapacity::capacity)
        .findFirst()
        .orElse(capacity);
  }
}
