package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backup-verify",
    mixinStandardHelpOptions = true,
    description = {
      "Nightly backup verification: check that every guest of every store has a recent, verified backup.",
      "For every store: find each guest's newest backup on PBS, run PBS verify on unverified snapshots, check the"
          + " RPO of every guest and the offsite copy.",
      "The run is backup-verify/<time in UTC>; the report goes to the audit bucket under"
          + " reports/backup-verify/<date>/<runId>.json; --dry-run prints the plan and asks no store anything."
    })
public class BackupVerifyCommand implements Callable<Integer> {
  @Mixin RunOptions run;
  @Mixin FleetOption fleet;

  @Mixin StoresOption stores;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "50",
      description = "How many stores are verified at once (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--dry-run",
      description = "Print which guests of which stores would be verified, and ask no store anything (always waits)")
  boolean dryRun;

  private final Output output;

  public BackupVerifyCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    if (concurrency < 1) {
      throw new CliException(ExitCodes.USAGE, "--concurrency must be at least 1, got " + concurrency);
    }
    fleet.requireStores(stores.ids);
    return run.launch(
        output,
        new BackupVerifyRuns(),
        RunIds.backupVerify(Instant.now()),
        new BackupVerifyRequest(stores.ids, concurrency, dryRun, run.requester()),
        dryRun);
  }
}
