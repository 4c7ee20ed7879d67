package dev.edgerunbooks.runbooks.fleet;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** A region: the stores' default time zone and, when it has one, the staging cluster restores go to. */
public record RegionDefinition(String id, ZoneId timeZone, Optional<ClusterDefinition> staging) {
  public RegionDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(staging, "staging");
  }
}
