package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "dr-drill",
    mixinStandardHelpOptions = true,
    description = {
      "DR drill: rebuild stores from bare metal on a staging cluster and measure RPO and RTO.",
      "Each store is rebuilt on its region's staging cluster (cluster, Ceph, backup storage, every guest in boot"
          + " order, validated), measured against the targets, torn down, with a signed report per store.",
      "The run is dr-drill/<date>/<store>[+<n more>]; --dry-run prints the plan and touches nothing."
    })
public class DrDrillCommand implements Callable<Integer> {
  @Mixin RunOptions run;
  @Mixin FleetOption fleet;

  @Option(
      names = "--store",
      required = true,
      split = ",",
      paramLabel = "STORE",
      description = "A store to drill; repeat it (or separate ids with commas) for more")
  List<String> stores;

  @Option(
      names = "--dry-run",
      description = "Print the phases, boot order and targets per store, and touch nothing (always waits)")
  boolean dryRun;

  private final Output output;

  public DrDrillCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(stores));
    fleet.requireStores(distinct);
    return run.launch(
        output,
        new DrDrillRuns(),
        workflowId(LocalDate.now(ZoneOffset.UTC), distinct),
        new DrDrillRequest(distinct, dryRun, run.requester()),
        dryRun);
  }

  /** The run of {@code stores} started on {@code date} (UTC): {@link RunIds#drDrill}. */
  static String workflowId(LocalDate date, List<String> stores) {
    return RunIds.drDrill(date, stores);
  }
}
