package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "restore-test",
    mixinStandardHelpOptions = true,
    description = {
      "Weekly restore test: prove that this week's guests restore from their backups and boot.",
      "This week's guests (their turn in the rotation, or failed last time) are restored from their newest"
          + " verified backup onto their region's staging cluster, on an isolated bridge; booted, probed, always"
          + " destroyed; RPO and RTO are measured per guest.",
      "The run is restore-test/<week>; --dry-run prints the plan and touches nothing."
    })
public class RestoreTestCommand implements Callable<Integer> {
  @Mixin RunOptions run;
  @Mixin FleetOption fleet;

  @Mixin StoresOption stores;

  @Option(
      names = "--week",
      paramLabel = "YYYY-Www",
      description = "The ISO week whose selection to test, e.g. 2026-W48; default: this week (UTC)")
  String week;

  @Option(
      names = "--dry-run",
      description = "Print which guests would be restored where, and touch nothing (always waits)")
  boolean dryRun;

  private final Output output;

  public RestoreTestCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    String isoWeek = week(week, Clock.systemUTC());
    fleet.requireStores(stores.ids);
    return run.launch(
        output,
        new RestoreTestRuns(),
        RunIds.restoreTest(IsoWeek.parse(isoWeek)),
        new RestoreTestRequest(stores.ids, isoWeek, dryRun, run.requester()),
        dryRun);
  }

  /**
   * The week to test: {@code --week} checked, or the week it is now in UTC.
   *
   * @throws CliException with {@link ExitCodes#USAGE} naming what is wrong with {@code --week}
   */
  static String week(String option, Clock clock) {
    if (option == null) {
      return IsoWeek.of(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).toString();
    }
    try {
      return IsoWeek.parse(option).toString();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "--week " + e.getMessage());
    }
  }
}
