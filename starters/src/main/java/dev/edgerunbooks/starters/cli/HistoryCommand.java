package dev.edgerunbooks.starters.cli;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "A run's event history: 'edgerun history export <id>' writes it to a file for 'edgerun replay'.",
    subcommands = HistoryCommand.Export.class)
public class HistoryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name what to do: edgerun history export <id>");
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Write a run's full event history to a file as JSON: the format Temporal's SDKs and CLI read"
            + " (WorkflowExecutionHistory.fromJson, WorkflowHistoryLoader, 'temporal workflow show --output json'),"
            + " with the run's workflowId and runId beside the events.",
        "Replay it against the current code with 'edgerun replay <file>', keep it with an incident, or add it to"
            + " the recorded histories under workflows/src/test/resources/histories/.",
        "Exit codes: 0 written; 2 the file cannot be written; 3 Temporal unreachable; 4 no such run."
      })
  public static class Export implements Callable<Integer> {
    @Mixin RunArgument run;

    @Option(names = "--run-id", paramLabel = "RUN_ID", description = "This run of the id; default: the newest")
    String runId;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Where to write it, '-' for stdout; default: <workflow id with / as _>.history.json, here")
    String out;

    private final Output output;

    public Export(Output output) {
      this.output = output;
    }

    @Override
    public Integer call() {
      String workflowId = run.workflowId();
      WorkflowClient client = run.temporal.connect();
      Histories.Recorded recorded;
      try {
        recorded = Histories.fetch(client, workflowId, runId);
      } finally {
        run.temporal.close();
      }
      String json = Histories.toJson(recorded);
      if ("-".equals(out)) {
        output.out().print(json);
        output.out().flush();
        return ExitCodes.OK;
      }
      Path file = Path.of(out != null ? out : Histories.defaultFile(workflowId));
      try {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, json, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliException(ExitCodes.USAGE, "cannot write " + file + ": " + e);
      }
      if (run.json) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("file", file.toString());
        written.put("workflowId", workflowId);
        written.put("runId", recorded.runId());
        written.put("workflowType", recorded.workflowType());
        written.put("events", recorded.events());
        output.json(written);
      } else {
        output.out().println(file);
        output.out().flush();
        output.err().println(
            "wrote " + recorded.events() + " events of " + workflowId + " (" + recorded.workflowType() + ", run "
                + recorded.runId() + "); replay them with: edgerun replay " + file);
        output.err().flush();
      }
      return ExitCodes.OK;
    }
  }
}
