package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.schedules.ScheduleLoader;
import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import dev.edgerunbooks.starters.schedules.ScheduleReconciler;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the {@code schedules} commands share: the file, the fleet it is checked against, and Temporal. */
public class ScheduleOptions {
  @Mixin TemporalConnection temporal;
  @Mixin FleetOption fleet;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      defaultValue = "${env:EDGE_SCHEDULES:-runbooks/schedules.yaml}",
      description = "The schedules (env EDGE_SCHEDULES; default ${DEFAULT-VALUE})")
  Path file;

  @Option(names = "--json", description = "Print machine-readable JSON on stdout")
  boolean json;

  /** The file, checked against the fleet; a problem is a usage error naming file, line, field and fix. */
  SchedulesDefinition load() {
    if (!Files.exists(fleet.file)) {
      throw new CliException(ExitCodes.USAGE, "the schedules' stores are checked against the fleet, and " + fleet.file
          + " does not exist: give the fleet definition with --fleet (env EDGE_FLEET)");
    }
    try {
      return ScheduleLoader.load(file, FleetLoader.load(fleet.file));
    } catch (RunbookValidationException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
  }

  /** Temporal's Schedules, or null when the server has none (the embedded product's test server). */
  ScheduleClient connect() {
    WorkflowClient client = temporal.connect();
    ScheduleClient schedules = ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder().setNamespace(temporal.namespace).build());
    try {
      return ScheduleReconciler.available(schedules) ? schedules : null;
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.UNAVAILABLE, "Temporal at " + temporal.address + " did not list its schedules: "
          + e.getMessage());
    }
  }

  void close() {
    temporal.close();
  }

  /** Where the schedules are, for messages: {@code Temporal at 127.0.0.1:7233 (namespace default)}. */
  String where() {
    return "Temporal at " + temporal.address + " (namespace " + temporal.namespace + ")";
  }

  /** Why a server without a Schedules API is not an error in the embedded product, and what fires the schedules there. */
  String embedded() {
    return "Temporal at " + temporal.address + " has no Schedules API: it is Temporal's test server, as the embedded"
        + " product runs it ('edgerun up'), and there the schedules of " + file + " fire in-process, at the same times"
        + " and in the same way (time zone, jitter, overlap, catch-up and pause on failure as the file says). Against a"
        + " Temporal cluster,"
        + " 'edgerun schedules sync' makes them Temporal Schedules.";
  }
}
