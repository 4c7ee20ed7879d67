package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code run cert-rotation} and {@code run token-rotation} share: the stores (checked against
 * the fleet file), --force, --dry-run, who starts the run, and its start under the day's id.
 */
abstract class RotationCommand implements Callable<Integer> {
  @Mixin RunOptions run;
  @Mixin FleetOption fleet;
  @Mixin StoresOption stores;
  @Mixin OperatorOption operator;

  @Option(
      names = "--force",
      description =
          "Renew every certificate (rotate every token) checked, due or not; the run gets its own id,"
              + " <runbook>/<date>/forced-<epochMillis>")
  boolean force;

  @Option(
      names = "--dry-run",
      description = "List what is due and why, and change nothing (always waits; it takes seconds)")
  boolean dryRun;

  /** The workflow's request, e.g. {@code CertRotationRequest::new}. */
  interface Request {
    Object of(List<String> stores, boolean force, boolean dryRun, String initiator);
  }

  private final Output output;
  private final RotationRuns<?> view;
  private final Request request;

  RotationCommand(Output output, RotationRuns<?> view, Request request) {
    this.output = output;
    this.view = view;
    this.request = request;
  }

  @Override
  public Integer call() {
    String initiator = operator.name();
    fleet.requireStores(stores.ids);
    return run.launch(
        output,
        view,
        workflowId(view.runbook(), Clock.systemUTC(), force && !dryRun, !stores.ids.isEmpty() && !dryRun),
        request.of(stores.ids, force, dryRun, initiator),
        dryRun);
  }

  /**
   * The run started now by {@code clock}, the day in UTC: {@link RunIds#rotation}. {@code forced} and
   * {@code someStores} are those of a run that changes things; a dry run is the day's run, whose id
   * {@link RunOptions#launch} makes a dry run's.
   */
  static String workflowId(String runbook, Clock clock, boolean forced, boolean someStores) {
    Instant now = clock.instant();
    return RunIds.rotation(runbook, LocalDate.ofInstant(now, ZoneOffset.UTC), forced, someStores, now);
  }
}
