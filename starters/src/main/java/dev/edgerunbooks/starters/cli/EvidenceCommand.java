package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = {
      "Nightly audit evidence: record the fleet's configuration and state of a day in one signed file.",
      "Each store's configuration and state is collected (secrets stripped on the store) and hashed; the day's"
          + " file is signed and linked to the previous day's, with the day's runbook runs and a drift report"
          + " against the previous day.",
      "The run is evidence/<date> and a day is recorded once; --dry-run prints the plan and collects nothing."
    })
public class EvidenceCommand implements Callable<Integer> {
  static final String DATE_FORM = "write a date as YYYY-MM-DD, e.g. 2026-11-24";
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  @Mixin RunOptions run;
  @Mixin FleetOption fleet;

  @Mixin StoresOption stores;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "The day to record, e.g. 2026-11-24; today or earlier; default: today (UTC)")
  String date;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "20",
      description = "How many stores are collected at once (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--dry-run",
      description = "Print the day, its file, the day it links to and the stores, and collect nothing (always waits)")
  boolean dryRun;

  private final Output output;

  public EvidenceCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    String day = date(date, Clock.systemUTC());
    if (concurrency < 1) {
      throw new CliException(ExitCodes.USAGE, "--concurrency must be at least 1, got " + concurrency);
    }
    fleet.requireStores(stores.ids);
    // the CLI resolves the day, so the run's id and the day it records are the same day
    return run.launch(
        output,
        new EvidenceRuns(),
        RunIds.evidence(LocalDate.parse(day)),
        new EvidenceRequest(day, stores.ids, concurrency, dryRun, run.requester()),
        dryRun);
  }

  /**
   * The day to record: {@code --date} checked, or the day it is now in UTC.
   *
   * @throws CliException with {@link ExitCodes#USAGE} naming what is wrong with {@code --date}
   */
  static String date(String option, Clock clock) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (option == null) {
      return today.toString();
    }
    if (!DATE.matcher(option).matches()) {
      throw new CliException(ExitCodes.USAGE, "--date \"" + option + "\" is not a date; " + DATE_FORM);
    }
    LocalDate day;
    try {
      day = LocalDate.parse(option);
    } catch (DateTimeParseException e) {
      throw new CliException(ExitCodes.USAGE, "--date " + option + " does not exist; " + DATE_FORM);
    }
    if (day.isAfter(today)) {
      throw new CliException(
          ExitCodes.USAGE,
          "--date " + option + " is after today (" + today + " in UTC): evidence records a day that has begun");
    }
    return day.toString();
  }
}
