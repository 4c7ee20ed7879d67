package dev.edgerunbooks.workers.site;

import dev.edgerunbooks.activities.patch.NodeUpgrader;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;

/** The out-of-band host upgrade of each store: a configured command in production, the lab's in the lab. */
@FunctionalInterface
public interface StoreUpgraders {
  NodeUpgrader forStore(StoreDefinition store);
}
