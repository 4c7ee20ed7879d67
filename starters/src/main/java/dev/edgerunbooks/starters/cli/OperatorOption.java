package dev.edgerunbooks.starters.cli;

import picocli.CommandLine.Option;

/**
 * {@code --as NAME}: who the operator is, as a patch wave's plan names its approvers. It starts a
 * patch wave or an incident runbook (the initiator, who may not approve the run) and sends approve,
 * pause, resume and abort.
 */
public class OperatorOption {
  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "${sys:user.name}",
      description =
          "Your name as the run records it and a patch wave's plan names its approvers"
              + " (default: your login name, ${DEFAULT-VALUE})")
  String name;

  /** The name, checked. */
  String name() {
    if (name == null || name.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "--as needs a name");
    }
    return name.strip();
  }
}
