package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.fleet.UnknownStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The fleet definition the CLI checks a request against before it starts anything. */
public class FleetOption {
  @Option(
      names = "--fleet",
      defaultValue = "${env:EDGE_FLEET:-runbooks/fleet.yaml}",
      description = "Fleet definition to check store ids against (env EDGE_FLEET; default ${DEFAULT-VALUE})")
  Path file;

  /**
   * Refuses a malformed fleet file or an unknown store before anything starts. Without a local
   * fleet file the check is left to the run itself, which refuses unknown stores before touching
   * any store.
   */
  public void requireStores(List<String> storeIds) {
    if (!Files.exists(file)) {
      return;
    }
    FleetDefinition fleet;
    try {
      fleet = FleetLoader.load(file);
    } catch (RunbookValidationException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    try {
      fleet.storesOf(storeIds);
    } catch (UnknownStoreException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage() + " (" + file + ")");
    }
  }
}
