package dev.edgerunbooks.starters.cli;

import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a run's history against this edgerun's workflow code: say whether the code is deterministic for it.",
      "Deterministic: the code issues the same commands (activities, child workflows, timers) in the same order"
          + " as the history recorded.",
      "The history is a file (written by 'edgerun history export', or a recorded history under test resources) or"
          + " a run's workflow id, fetched from Temporal. When the code diverges, the event it diverged at, what the"
          + " history has there and the command the code produced instead are named: wrap the change in"
          + " Workflow.getVersion, so that runs recorded before it replay the old branch.",
      "Exit codes: 0 deterministic; 1 not (or the replay failed); 2 no such file, not a history, or a workflow"
          + " type this edgerun has no code for; 3 Temporal unreachable; 4 no such run."
    })
public class ReplayCommand implements Callable<Integer> {
  @Mixin TemporalConnection temporal;

  @Parameters(
      paramLabel = "ID_OR_FILE",
      description =
          "A history file (e.g. evidence_2026-11-24.history.json), or a run's workflow id (e.g. evidence/2026-11-24;"
              + " a bare bundle version is its patch wave). An existing file wins; a name ending in .json is a file.")
  String target;

  @Option(names = "--run-id", paramLabel = "RUN_ID", description = "For a workflow id: this run of it; default: the newest")
  String runId;

  @Option(
      names = "--workflow-id",
      paramLabel = "WORKFLOW_ID",
      description =
          "For a file that does not say it (one exported by another tool): the run's workflow id, which replay needs"
              + " to check the ids of the child workflows it started")
  String workflowId;

  @Option(names = "--json", description = "Print machine-readable JSON on stdout")
  boolean json;

  private final Output output;
  private final Replayer replayer;

  public ReplayCommand(Output output) {
    this(output, Replayer.product());
  }

  /** Replays against {@code replayer}'s workflows (tests give versions of their own). */
  ReplayCommand(Output output, Replayer replayer) {
    this.output = output;
    this.replayer = replayer;
  }

  @Override
  public Integer call() {
    Histories.Recorded recorded = isFile() ? Histories.read(Path.of(target), workflowId) : fetch();
    Replayer.Outcome outcome = replayer.replay(recorded);
    if (outcome.divergence() != null && recorded.workflowId() == null && "workflowId".equals(outcome.divergence().check())) {
      throw new CliException(
          ExitCodes.USAGE,
          recorded.source() + " does not say its run's workflow id, and the ids of the child workflows it started are"
              + " made from it: give it with --workflow-id <id>");
    }
    if (json) {
      output.json(asJson(outcome));
    } else {
      print(outcome);
    }
    return outcome.deterministic() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
  }

  private boolean isFile() {
    return Files.exists(Path.of(target)) || target.endsWith(".json");
  }

  private Histories.Recorded fetch() {
    WorkflowClient client = temporal.connect();
    try {
      return Histories.fetch(client, RunStatus.workflowId(target), runId);
    } finally {
      temporal.close();
    }
  }

  private void print(Replayer.Outcome outcome) {
    Histories.Recorded recorded = outcome.recorded();
    PrintWriter out = output.out();
    out.println(
        recorded.name() + " (" + recorded.workflowType() + ", " + recorded.events() + " events, from "
            + recorded.source() + ")");
    if (outcome.deterministic()) {
      out.println(
          "deterministic: " + outcome.implementation().getSimpleName() + " issues the commands the history recorded");
    } else if (outcome.divergence() != null) {
      Divergence d = outcome.divergence();
      out.println("NOT deterministic: " + outcome.implementation().getSimpleName() + " diverges from the history");
      if (d.eventId() > 0) {
        out.println("  history, event " + d.eventId() + ": " + d.inHistory());
        out.println("  the code instead:  " + d.instead());
      }
      out.println(
          "  workflow:          " + d.workflowType()
              + (d.activityTypes().isEmpty() ? "" : "; activities: " + String.join(", ", d.activityTypes())));
      out.println("  message:           " + d.message().replace('\n', ' '));
      out.println(
          "Runs recorded before the change cannot continue on this code: put the change behind"
              + " Workflow.getVersion(...) so that they replay the old branch.");
    } else {
      out.println("NOT replayed: " + outcome.failure());
    }
    out.flush();
  }

  private static Map<String, Object> asJson(Replayer.Outcome outcome) {
    Histories.Recorded recorded = outcome.recorded();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", recorded.source());
    json.put("workflowId", recorded.workflowId());
    json.put("runId", recorded.runId());
    json.put("workflowType", recorded.workflowType());
    json.put("events", recorded.events());
    json.put("implementation", outcome.implementation().getName());
    json.put("deterministic", outcome.deterministic());
    json.put("divergence", outcome.divergence());
    json.put("failure", outcome.failure());
    return json;
  }
}
