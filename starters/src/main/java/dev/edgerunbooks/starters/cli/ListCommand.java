package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.Suggestions;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List recent and running runs, newest first: each run's workflow id, runbook, state, start (UTC) and how long"
          + " it ran (or has been running).",
      "Without --store, the runbooks' own runs; with --store, the runs whose id names the store: the store's part of"
          + " a fleet run (…/<store>, e.g. backup-verify/2026-11-24T020000Z/store-0001, with the run it is part of)"
          + " and the runs of the store (dr-drill/<date>/<store>, evacuate-node/<store>/<node>, rollback-store/<store>).",
      "Against a Temporal cluster the state and runbook are asked of its visibility; the embedded test server cannot"
          + " search, so there every filter is applied here, over the runs it lists."
    })
public class ListCommand implements Callable<Integer> {
  private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Mixin TemporalConnection temporal;

  @Option(
      names = "--runbook",
      paramLabel = "RUNBOOK",
      description = "Only runs of this runbook, as 'edgerun run' names them: backup-verify, restore-test, dr-drill,"
          + " evidence, patch-wave, cert-rotation, token-rotation, evacuate-node, rollback-store")
  String runbook;

  @Option(names = "--store", paramLabel = "STORE", description = "Only runs of or naming this store, e.g. store-0001")
  String store;

  @Option(
      names = "--status",
      paramLabel = "STATE",
      description = "Only runs in this state: running, completed, failed, canceled, terminated, timed-out,"
          + " continued-as-new, paused")
  String status;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most this many runs (default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--json", description = "Print machine-readable JSON on stdout")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Output output;

  public ListCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new CliException(ExitCodes.USAGE, "--limit must be at least 1, got " + limit);
    }
    RunListing.Filter filter = new RunListing.Filter(runbook(), store, status());
    WorkflowClient client = temporal.connect();
    RunListing.Listed listed;
    try {
      listed = RunListing.list(client, filter, limit);
    } finally {
      temporal.close();
    }
    if (json) {
      output.json(listed.runs().stream().map(ListCommand::asJson).toList());
    } else {
      print(listed);
    }
    return ExitCodes.OK;
  }

  /** The runbook, checked against the {@code run} subcommands (every runbook's runs start with its name). */
  private String runbook() {
    if (runbook == null) {
      return null;
    }
    Set<String> runbooks = spec.root().subcommands().get("run").getSubcommands().keySet();
    if (!runbooks.contains(runbook)) {
      throw new CliException(
          ExitCodes.USAGE,
          "--runbook " + runbook + " is not a runbook (" + Suggestions.didYouMean(runbook, runbooks) + "the runbooks: "
              + String.join(", ", runbooks) + ")");
    }
    return runbook;
  }

  private WorkflowExecutionStatus status() {
    if (status == null) {
      return null;
    }
    Map<String, WorkflowExecutionStatus> states = new LinkedHashMap<>();
    for (WorkflowExecutionStatus s : WorkflowExecutionStatus.values()) {
      if (s != WorkflowExecutionStatus.UNRECOGNIZED && s != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED) {
        states.put(RunListing.state(s), s);
      }
    }
    String given = status.toLowerCase(Locale.ROOT).replace('_', '-').replace("cancelled", "canceled");
    WorkflowExecutionStatus s = states.get(given);
    if (s == null) {
      throw new CliException(
          ExitCodes.USAGE,
          "--status " + status + " is not a state (" + Suggestions.didYouMean(given, states.keySet()) + "the states: "
              + String.join(", ", states.keySet()) + ")");
    }
    return s;
  }

  private void print(RunListing.Listed listed) {
    Table table = new Table("workflow id", "runbook", "state", "started (UTC)", "took", "part of");
    Instant now = Instant.now();
    for (WorkflowExecutionInfo run : listed.runs()) {
      table.add(
          run.getExecution().getWorkflowId(),
          RunListing.runbookOf(run),
          RunListing.state(run.getStatus()),
          STARTED.format(RunListing.started(run)),
          Summaries.duration(took(run, now)),
          RunListing.parentOf(run));
    }
    if (table.isEmpty()) {
      output.out().println("no runs" + (listed.filter().isEmpty() ? "" : " " + listed.filter().describe()));
    } else {
      table.lines("").forEach(output.out()::println);
    }
    if (listed.more()) {
      output.out().println("… more: raise --limit (" + limit + ") or narrow with --runbook, --store, --status");
    }
    output.out().flush();
  }

  private static Duration took(WorkflowExecutionInfo run, Instant now) {
    if (run.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Duration.between(RunListing.started(run), now);
    }
    return run.hasCloseTime() ? Duration.between(RunListing.started(run), RunListing.instant(run.getCloseTime())) : null;
  }

  private static Map<String, Object> asJson(WorkflowExecutionInfo run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflowId", run.getExecution().getWorkflowId());
    json.put("runId", run.getExecution().getRunId());
    json.put("workflowType", run.getType().getName());
    json.put("runbook", RunListing.runbookOf(run));
    json.put("status", run.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""));
    json.put("startTime", RunListing.started(run).toString());
    json.put("closeTime", run.hasCloseTime() ? RunListing.instant(run.getCloseTime()).toString() : null);
    json.put("parentWorkflowId", RunListing.parentOf(run));
    return json;
  }
}
