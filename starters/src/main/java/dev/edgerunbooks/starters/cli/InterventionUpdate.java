package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.patch.Intervention;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import picocli.CommandLine.Option;

/** {@code pause} and {@code resume}: who, and (optionally) why. */
abstract class InterventionUpdate extends PatchWaveUpdate {
  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the run's decisions and report")
  String reason;

  InterventionUpdate(Output output) {
    super(output);
  }

  abstract String send(PatchWaveWorkflow run, Intervention intervention);

  @Override
  final String send(PatchWaveWorkflow run, String by) {
    return send(run, new Intervention(by, reason));
  }
}
