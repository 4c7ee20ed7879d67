package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.patch.RollbackStoreRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "rollback-store",
    mixinStandardHelpOptions = true,
    description = {
      "Incident runbook: put a store's guests back on its last good bundle.",
      "The guests go back to their pre-<bundle> snapshots where they exist. The run is rollback-store/<store>."
    })
public class RollbackStoreCommand implements Callable<Integer> {
  @Mixin IncidentOptions incident;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "VERSION",
      description = "The last good bundle the store goes back to, e.g. 2026.11.0")
  String toBundle;

  @Option(
      names = "--from",
      paramLabel = "VERSION",
      description = {
        "The bundle to leave: its guests go back to their pre-<bundle> snapshots.",
        "Without it no snapshot is used: every guest not on --to is re-pointed and rebooted."})
  String fromBundle;

  private final Output output;

  public RollbackStoreCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    String store = incident.store;
    String to = PatchWaveCommand.bundle(toBundle, "--to");
    String from = fromBundle == null ? null : PatchWaveCommand.bundle(fromBundle, "--from");
    return incident.launch(
        output,
        IncidentRuns.ROLLBACK_STORE,
        RunIds.rollbackStore(store),
        null,
        (initiator, timeout) -> new RollbackStoreRequest(store, from, to, initiator, timeout));
  }
}
