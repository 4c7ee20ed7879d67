package dev.edgerunbooks.starters.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The run a command is about, where Temporal is, and --json: what status, watch and the updates share. */
public class RunArgument {
  @Mixin TemporalConnection temporal;

  @Parameters(
      paramLabel = "WORKFLOW_ID",
      description =
          "The run's workflow id, e.g. patch-wave/2026.12.0 (or the bundle version alone: 2026.12.0),"
              + " restore-test/2026-W48, evidence/2026-11-24, cert-rotation/2026-11-24")
  String id;

  @Option(names = "--json", description = "Print machine-readable JSON on stdout")
  boolean json;

  /** The run's workflow id: a bare bundle version is its patch wave. */
  String workflowId() {
    return RunStatus.workflowId(id);
  }
}
