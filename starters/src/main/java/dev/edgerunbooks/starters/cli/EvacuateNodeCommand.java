package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.patch.EvacuateNodeRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "evacuate-node",
    mixinStandardHelpOptions = true,
    description = {
      "Incident runbook: move every guest off a failing node.",
      "Sets Ceph noout on the store and moves the node's guests to the other nodes: running VMs live,"
          + " running containers by a restart, stopped guests stopped. The node must still answer. The run is"
          + " evacuate-node/<store>/<node>."
    })
public class EvacuateNodeCommand implements Callable<Integer> {
  @Mixin IncidentOptions incident;

  @Option(names = "--node", required = true, paramLabel = "NODE", description = "The node to empty, e.g. pve2")
  String node;

  private final Output output;

  public EvacuateNodeCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    String store = incident.store;
    return incident.launch(
        output,
        IncidentRuns.EVACUATE_NODE,
        RunIds.evacuateNode(store, node),
        node,
        (initiator, timeout) -> new EvacuateNodeRequest(store, node, initiator, timeout));
  }
}
