package dev.edgerunbooks.runbooks.fleet;

import java.time.Duration;
import java.util.Objects;

/** Fleet-wide values that stores and guests inherit unless they say otherwise. */
public record FleetDefaults(
    Duration rpo,
    Duration siteResponseTimeout,
    Duration offsiteMaxAge,
    ApiTokenId pveTokenId,
    ApiTokenId pbsTokenId) {

  /** The values used when {@code defaults:} (or one of its keys) is absent. */
  public static final FleetDefaults STANDARD = new FleetDefaults(
      Duration.ofHours(26),
      Duration.ofMinutes(2),
      Duration.ofHours(26),
      new ApiTokenId("edgerun", "pve", "runbooks"),
      new ApiTokenId("edgerun", "pbs", "runbooks"));

  public FleetDefaults {
    Objects.requireNonNull(rpo, "rpo");
    Objects.requireNonNull(siteResponseTimeout, "siteResponseTimeout");
    Objects.requireNonNull(offsiteMaxAge, "offsiteMaxAge");
    Objects.requireNonNull(pveTokenId, "pveTokenId");
    Objects.requireNonNull(pbsTokenId, "pbsTokenId");
  }
}
