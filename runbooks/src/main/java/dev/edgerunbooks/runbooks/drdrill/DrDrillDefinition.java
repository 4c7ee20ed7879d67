package dev.edgerunbooks.runbooks.drdrill;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.ClusterDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.NodeDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreGuest;
import dev.edgerunbooks.runbooks.staging.StagingFields;
import dev.edgerunbooks.runbooks.staging.StagingTimeouts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The quarterly DR drill as {@code runbooks/dr-drill.yaml} declares it; load it with {@link DrDrillLoader}.
 *
 * @param clusterName the name of the cluster created on the staging nodes
 * @param isolatedBridge the bridge restored guests are put on
 * @param bootOrder guest roles in dependency order: a store's guests are restored and validated in it
 * @param location the file's first line, where problems about the fleet as a whole are reported
 * @param bootOrderLocation the {@code bootOrder} list
 */
public record DrDrillDefinition(
    String clusterName,
    ProvisionDefinition provision,
    CephDefinition ceph,
    String isolatedBridge,
    List<String> bootOrder,
    StagingTimeouts timeouts,
    DrillTargetsDefinition targets,
    SourceLocation location,
    SourceLocation bootOrderLocation) {

  public DrDrillDefinition {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(provision, "provision");
    Objects.requireNonNull(ceph, "ceph");
    Objects.requireNonNull(isolatedBridge, "isolatedBridge");
    bootOrder = List.copyOf(bootOrder);
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(bootOrderLocation, "bootOrderLocation");
  }

  /** {@link #problemsFor(FleetDefinition, Collection)} for every store of the fleet. */
  public List<ValidationProblem> problemsFor(FleetDefinition fleet) {
    return problemsFor(fleet, fleet.stores());
  }

  /**
   * What keeps {@code stores} from being drilled: a guest role the boot order does not list, a region
   * without a staging cluster, or one with fewer nodes than the pool has replicas (Ceph puts each replica
   * on a different node, so it would never become healthy).
   */
  public List<ValidationProblem> problemsFor(FleetDefinition fleet, Collection<StoreDefinition> stores) {
    List<ValidationProblem> problems = new ArrayList<>();
    StoreGuest.byRole(stores).forEach((role, guests) -> {
      if (!bootOrder.contains(role)) {
        problems.add(bootOrderLocation.problem(
            "role \"" + role + "\" is not in the boot order, needed by " + StoreGuest.describe(guests),
            Suggestions.didYouMean(role, bootOrder) + "add \"" + role + "\" to bootOrder in " + location.file()
                + " where it belongs in the dependency order"));
      }
    });
    problems.addAll(StagingFields.regionsWithoutStaging(fleet, stores, location, "DR drill"));
    CephPoolDefinition pool = ceph.pool();
    for (String region : StagingFields.byRegion(stores).keySet()) {
      Optional<ClusterDefinition> staging = fleet.region(region).flatMap(RegionDefinition::staging);
      if (staging.isPresent() && staging.get().nodes().size() < pool.size()) {
        List<NodeDefinition> nodes = staging.get().nodes();
        problems.add(pool.location().problem(
            "size " + pool.size() + " needs " + pool.size() + " staging nodes, but region \"" + region + "\" has "
                + nodes.size() + " (" + String.join(", ", nodes.stream().map(NodeDefinition::name).toList()) + ")",
            "add staging nodes to region " + region + " in the fleet definition, or lower ceph.pool.size (and minSize) in "
                + location.file()));
      }
    }
    return problems;
  }
}
