package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.patch.Intervention;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import picocli.CommandLine.Command;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Resume a paused patch wave.",
      "After an inconclusive gate this accepts the wave, so only an approver other than the initiator may."
    })
public class ResumeCommand extends InterventionUpdate {
  public ResumeCommand(Output output) {
    super(output);
  }

  @Override
  String send(PatchWaveWorkflow run, Intervention intervention) {
    return run.resume(intervention);
  }
}
