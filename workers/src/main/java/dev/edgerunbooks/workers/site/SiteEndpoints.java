package dev.edgerunbooks.workers.site;

import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.PbsEndpoint;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.runbooks.fleet.ClusterDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.PbsDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.workflows.staging.StagingCluster;

/** A store's endpoints as the site activities need them, from the fleet definition. */
public final class SiteEndpoints {
  private SiteEndpoints() {}

  public static StoreEndpoints of(FleetDefinition fleet, StoreDefinition store) {
    PbsDefinition pbs = store.pbs();
    return new StoreEndpoints(
        store.id(),
        store.nodes().stream()
            .map(n -> new NodeEndpoint(n.name(), n.endpoint(), n.fingerprint()))
            .toList(),
        new PbsEndpoint(
            pbs.endpoint(),
            pbs.fingerprint(),
            pbs.datastore(),
            pbs.pveStorage(),
            pbs.offsiteSyncJob().orElse(null)),
        fleet.defaults().pveTokenId().value(),
        fleet.defaults().pbsTokenId().value());
  }

  /**
   * A region's staging cluster as its worker sees it: its nodes and the PVE token; no PBS of its own
   * (it reads the stores' PBS with their restore tokens), so no PBS token either.
   */
  static StoreEndpoints staging(FleetDefinition fleet, StagingCluster cluster, ClusterDefinition staging) {
    return new StoreEndpoints(
        cluster.siteId(),
        staging.nodes().stream().map(n -> new NodeEndpoint(n.name(), n.endpoint(), n.fingerprint())).toList(),
        null,
        fleet.defaults().pveTokenId().value(),
        null);
  }
}
