package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.patch.Intervention;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import picocli.CommandLine.Command;

@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Pause a patch wave: no new store starts until it is resumed; stores in flight finish their change.")
public class PauseCommand extends InterventionUpdate {
  public PauseCommand(Output output) {
    super(output);
  }

  @Override
  String send(PatchWaveWorkflow run, Intervention intervention) {
    return run.pause(intervention);
  }
}
