package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.Durations;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a run live until it ends, then print its summary and exit as 'status' would.",
      "For a patch wave the view shows every wave's progress bar and counts, its gate decision with the values"
          + " of the stores that did not pass, the wave awaiting approval with the command that approves it, why"
          + " the run is paused, and the stores in flight.",
      "Without a terminal (or with --no-redraw) it prints a line per change instead of redrawing; with --json it"
          + " prints where the run stands once, as 'status --json' does."
    })
public class WatchCommand implements Callable<Integer> {
  private static final String CLEAR_SCREEN = "\033[H\033[2J";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Mixin RunArgument run;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "How often the run is asked where it stands, e.g. 5s or PT0.5S (default ${DEFAULT-VALUE})")
  String interval;

  @Option(
      names = "--no-redraw",
      description = "Print a line per change instead of redrawing (the default without a terminal)")
  boolean noRedraw;

  private final Output output;

  public WatchCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    String id = run.workflowId();
    Duration every = interval(interval);
    boolean redraw = !noRedraw && System.console() != null;
    WorkflowClient client = run.temporal.connect();
    try {
      RunStatus status = new RunStatus(output, id, run.json);
      WorkflowExecutionDescription described = RunStatus.describe(client, id);
      List<String> shown = List.of();
      while (!run.json && RunStatus.running(described)) {
        List<String> view = status.runningLines(client, described);
        if (redraw) {
          redraw(view);
        } else {
          printChanges(shown, view);
        }
        shown = view;
        sleep(every);
        described = RunStatus.describe(client, id);
      }
      if (redraw) {
        output.out().print(CLEAR_SCREEN);
      }
      return status.print(client, described);
    } finally {
      run.temporal.close();
    }
  }

  private void redraw(List<String> view) {
    PrintWriter out = output.out();
    out.print(CLEAR_SCREEN);
    view.forEach(out::println);
    out.println();
    out.println("(refreshed " + LocalTime.now().format(TIME) + "; Ctrl-C stops watching, the run goes on)");
    out.flush();
  }

  /** The lines of the view that the previous view did not have, each stamped with the time. */
  private void printChanges(List<String> previous, List<String> view) {
    String now = LocalTime.now().format(TIME);
    HashSet<String> before = new HashSet<>(previous);
    for (String line : view) {
      if (!before.contains(line)) {
        output.out().println(now + " " + line);
      }
    }
    output.out().flush();
  }

  static Duration interval(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "--interval " + e.getMessage());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.UNAVAILABLE, "interrupted; the run goes on");
    }
  }
}
