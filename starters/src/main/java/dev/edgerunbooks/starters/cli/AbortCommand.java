package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.patch.Intervention;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = "Abort a patch wave: the stores in flight and the current wave's patched stores are rolled back.")
public class AbortCommand extends PatchWaveUpdate {
  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why the run is aborted; required, it goes into the report")
  String reason;

  public AbortCommand(Output output) {
    super(output);
  }

  @Override
  void checkInput() {
    if (reason.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "--reason must say why the run is aborted; it goes into the report");
    }
  }

  @Override
  String send(PatchWaveWorkflow run, String by) {
    return run.abort(new Intervention(by, reason));
  }
}
