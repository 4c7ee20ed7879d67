package dev.edgerunbooks.runbooks.schedules;

import java.util.List;

/**
 * What a schedule gives the runbook it starts, as its {@code input:} says; what a runbook does not take
 * ({@link ScheduledRunbook#inputKeys()}) stays at its default here.
 *
 * @param stores the stores to run on; empty for the whole fleet (a DR drill needs at least one)
 * @param concurrency stores at once; 0 for the runbook's default
 * @param dryRun plan only
 * @param force rotate whatever is checked, due or not
 */
public record ScheduleInput(List<String> stores, int concurrency, boolean dryRun, boolean force) {
  public static final String STORES = "stores";
  public static final String CONCURRENCY = "concurrency";
  public static final String DRY_RUN = "dryRun";
  public static final String FORCE = "force";

  /** The whole fleet, the runbook's defaults. */
  public static final ScheduleInput DEFAULTS = new ScheduleInput(List.of(), 0, false, false);

  public ScheduleInput {
    stores = List.copyOf(stores);
    if (concurrency < 0) {
      throw new IllegalArgumentException("concurrency " + concurrency + " is negative");
    }
  }
}
