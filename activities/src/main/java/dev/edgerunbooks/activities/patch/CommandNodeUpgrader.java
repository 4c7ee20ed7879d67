package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.activities.command.OutOfBandCommand;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.NodeUpgrade;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Upgrades a node by running a configured command, e.g. {@code ["ssh", "root@{node-address}",
 * "apt-get", "install", "-y", "{packages}"]}. In every argument {@code {store}}, {@code {node}} and
 * {@code {node-address}} (the host of the node's API endpoint in the fleet definition) are replaced;
 * an argument that is exactly {@code {packages}} becomes one argument {@code name=version} per
 * package, and {@code {packages}} inside an argument becomes them joined by spaces. No local shell is
 * involved; since SSH hands its command to the remote shell, names and versions are checked against
 * Debian's syntax first, so a manifest cannot inject anything.
 *
 * <p>A non-zero exit or running past the timeout is a non-retryable {@code UpgradeFailed} with the
 * output's last lines. The command must not print secrets. It reports {@code changed=true} and leaves
 * {@code rebootRequired} to the activity, which reads it from {@code apt/versions}.
 */
public final class CommandNodeUpgrader implements NodeUpgrader {
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:-]+");

  private final List<String> command;
  private final Duration timeout;
  private final StoreEndpoints endpoints;

  /**
   * @param command the program and its arguments, with the placeholders above
   * @param timeout how long one node's upgrade may run at most
   * @param endpoints the store's nodes, for {@code {node-address}}
   */
  public CommandNodeUpgrader(List<String> command, Duration timeout, StoreEndpoints endpoints) {
    if (command == null || command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("an upgrade command needs at least a program");
    }
    this.command = List.copyOf(command);
    this.timeout = timeout;
    this.endpoints = endpoints;
  }

  /** The argv for one node: every placeholder replaced. */
  public List<String> argv(String storeId, String node, Map<String, String> packages) {
    List<String> items = new ArrayList<>();
    new TreeMap<>(packages).forEach((name, version) -> items.add(checked(storeId, node, name, version)));
    String address = address(storeId, node);
    List<String> argv = new ArrayList<>();
    for (String arg : command) {
      if (arg.equals("{packages}")) {
        argv.addAll(items);
        continue;
      }
      argv.add(arg.replace("{store}", storeId).replace("{node-address}", address).replace("{node}", node)
          .replace("{packages}", String.join(" ", items)));
    }
    return argv;
  }

  @Override
  public NodeUpgrade upgrade(String storeId, String node, Map<String, String> packages) {
    List<String> argv = argv(storeId, node, packages);
    String what = "upgrade of node " + node + " of " + storeId + " (" + argv.get(0) + ", " + packages.size() + " packages)";
    OutOfBandCommand.run(argv, timeout, what, FailureTypes.UPGRADE_FAILED, activityHeartbeat());
    return new NodeUpgrade(true, false);
  }

  private static String checked(String storeId, String node, String name, String version) {
    if (!PACKAGE.matcher(name).matches() || version == null || !VERSION.matcher(version).matches()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refusing to upgrade node " + node + " of " + storeId + ": '" + name + "=" + version
              + "' is not a Debian package name and version; fix the bundle's hostPackages",
          FailureTypes.UPGRADE_FAILED);
    }
    return name + "=" + version;
  }

  private String address(String storeId, String node) {
    if (endpoints == null) {
      return node;
    }
    return endpoints.nodes().stream()
        .filter(n -> n.name().equals(node))
        .map(NodeEndpoint::endpoint)
        .map(uri -> uri.getHost())
        .findFirst()
        .orElseThrow(
            () -> ApplicationFailure.newNonRetryableFailure(
                "store " + storeId + " has no node " + node + " in the fleet definition", FailureTypes.UNKNOWN_STORE));
  }

  /** Heartbeats the activity this runs in, if any, while the command runs. */
  private static Runnable activityHeartbeat() {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (RuntimeException e) {
      return () -> {};
    }
    return () -> context.heartbeat(null);
  }

  @Override
  public String toString() {
    return "CommandNodeUpgrader" + command;
  }
}
