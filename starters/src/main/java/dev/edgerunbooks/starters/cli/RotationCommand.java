package dev.edgerunbooks.starters.cli;

import java.time.Clock;
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
   * {@code cert-rotation/2026-11-24}: the day's run over the whole fleet, the day in UTC, run once
   * (its report is the day's record; the daily schedule starts it). A forced run and a run over some
   * stores get ids of their own ({@link RunOptions#distinct} of kind {@code forced} or {@code stores}),
   * so they run beside the day's run and never take its id; a dry run gets one from {@link
   * RunOptions#launch}.
   */
  static String workflowId(String runbook, Clock clock, boolean forced, boolean someStores) {
    String day = runbook + "/" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return forced ? RunOptions.distinct(day, "forced") : someStores ? RunOptions.distinct(day, "stores") : day;
  }
}
