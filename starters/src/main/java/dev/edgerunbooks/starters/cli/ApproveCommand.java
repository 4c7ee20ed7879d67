package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.patch.Approval;
import dev.edgerunbooks.workflows.patch.PatchWaveProgress;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Let the wave of a patch wave that awaits approval start.",
      "Only an approver the plan names may, and never the one who started the run."
    })
public class ApproveCommand extends PatchWaveUpdate {
  @Option(
      names = "--wave",
      paramLabel = "N",
      description = "The wave to approve (0 is the canary); default: the wave awaiting approval now")
  Integer wave;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the run's decisions and report")
  String comment;

  public ApproveCommand(Output output) {
    super(output);
  }

  @Override
  String send(PatchWaveWorkflow run, String by) {
    return run.approve(new Approval(by, wave == null ? awaiting(run) : wave, comment));
  }

  private static int awaiting(PatchWaveWorkflow run) {
    PatchWaveProgress progress = run.progress();
    if (progress.awaitingApproval() == null) {
      throw new CliException(
          ExitCodes.USAGE,
          "no wave awaits approval (the run is " + progress.status().name().toLowerCase(Locale.ROOT) + ")");
    }
    return progress.awaitingApproval();
  }
}
