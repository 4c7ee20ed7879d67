package dev.edgerunbooks.runbooks.fleet;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A retail store: its cluster, its backup server and its guests.
 *
 * @param region the id of a region the fleet declares
 * @param timeZone already resolved against the region's
 * @param pilot whether the store takes changes first (the canary of a patch wave)
 */
public record StoreDefinition(
    String id,
    String region,
    ZoneId timeZone,
    boolean pilot,
    Optional<String> wave,
    ClusterDefinition cluster,
    PbsDefinition pbs,
    List<GuestDefinition> guests) {

  public StoreDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(wave, "wave");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(pbs, "pbs");
    guests = List.copyOf(guests);
  }

  public List<NodeDefinition> nodes() {
    return cluster.nodes();
  }

  public Optional<GuestDefinition> guest(int vmid) {
    return guests.stream().filter(g -> g.vmid() == vmid).findFirst();
  }
}
