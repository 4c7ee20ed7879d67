package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.fleet.NodeDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.fleet.UnknownStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The fleet definition the CLI checks a request against before it starts anything. */
public class FleetOption {
  @Option(
      names = "--fleet",
      paramLabel = "FILE",
      defaultValue = "${env:EDGE_FLEET:-runbooks/fleet.yaml}",
      description = "Fleet definition to check store ids against (env EDGE_FLEET; default ${DEFAULT-VALUE})")
  Path file;

  /**
   * Refuses a malformed fleet file or an unknown store before anything starts. Without a local
   * fleet file the check is left to the run itself, which refuses unknown stores before touching
   * any store.
   */
  public void requireStores(List<String> storeIds) {
    load().ifPresent(fleet -> storesOf(fleet, storeIds));
  }

  /**
   * Refuses an unknown store, or a node the store does not have ({@code node} null: no node to
   * check), like {@link #requireStores}.
   *
   * @return how long the store's worker has to answer, as the fleet file says; null without a fleet
   *     file (the run then uses its own default)
   */
  public Duration requireStore(String storeId, String node) {
    Optional<FleetDefinition> fleet = load();
    if (fleet.isEmpty()) {
      return null;
    }
    StoreDefinition store = storesOf(fleet.get(), List.of(storeId)).get(0);
    if (node != null && store.cluster().node(node).isEmpty()) {
      List<String> nodes = store.nodes().stream().map(NodeDefinition::name).toList();
      throw new CliException(
          ExitCodes.USAGE,
          storeId + " has no node \"" + node + "\" (" + Suggestions.didYouMean(node, nodes) + "its nodes: "
              + String.join(", ", nodes) + ") (" + file + ")");
    }
    return fleet.get().defaults().siteResponseTimeout();
  }

  /** The fleet file, loaded; empty when there is none. */
  private Optional<FleetDefinition> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(FleetLoader.load(file));
    } catch (RunbookValidationException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
  }

  private List<StoreDefinition> storesOf(FleetDefinition fleet, List<String> storeIds) {
    try {
      return fleet.storesOf(storeIds);
    } catch (UnknownStoreException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage() + " (" + file + ")");
    }
  }
}
