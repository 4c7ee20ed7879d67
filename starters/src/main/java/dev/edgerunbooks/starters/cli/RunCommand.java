package dev.edgerunbooks.starters.cli;

import picocli.CommandLine.Command;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Start a runbook. Add --wait to follow it to the end.",
    synopsisSubcommandLabel = "RUNBOOK")
public class RunCommand {}
