package dev.edgerunbooks.starters.cli;

import java.time.Duration;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the incident runbooks share: the store they act on (checked against the fleet file, whose
 * worker timeout they pass on), who starts them, and the start itself.
 */
public class IncidentOptions {
  @Mixin RunOptions run;
  @Mixin FleetOption fleet;
  @Mixin OperatorOption operator;

  @Option(names = "--store", required = true, paramLabel = "STORE", description = "The store, e.g. store-0001")
  String store;

  /**
   * Checks the store (and {@code node}, unless null) against the fleet file, then starts the run.
   *
   * @param request the request from the initiator and how long the store's worker has to answer
   *     (null without a fleet file: the run's default)
   */
  <R> int launch(
      Output output, RunView<R> view, String workflowId, String node, BiFunction<String, Duration, Object> request) {
    String initiator = operator.name();
    Duration siteResponseTimeout = fleet.requireStore(store, node);
    return run.launch(output, view, workflowId, request.apply(initiator, siteResponseTimeout), false);
  }
}
