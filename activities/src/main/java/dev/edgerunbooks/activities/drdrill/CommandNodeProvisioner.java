package dev.edgerunbooks.activities.drdrill;

import dev.edgerunbooks.activities.command.OutOfBandCommand;
import dev.edgerunbooks.workflows.common.FailureTypes;
import java.time.Duration;
import java.util.List;

/**
 * Reinstalls a node by running a configured command, e.g. {@code ["/opt/edge/reinstall", "--site",
 * "{site}", "--node", "{node}"]}. Each argument has {@code {site}} and {@code {node}} replaced; no
 * shell is involved, so a value cannot inject anything. Its output (stdout and stderr together) is
 * kept, its last lines go into the failure message; a non-zero exit or running past the timeout is a
 * non-retryable {@code ProvisioningFailed}. The command must not print secrets.
 */
public final class CommandNodeProvisioner implements NodeProvisioner {
  private final List<String> command;
  private final Duration timeout;

  /**
   * @param command the program and its arguments, with {@code {site}} and {@code {node}} placeholders
   * @param timeout how long the command may run at most (the drill's provision timeout may cut it
   *     shorter)
   */
  public CommandNodeProvisioner(List<String> command, Duration timeout) {
    if (command == null || command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("a reinstall command needs at least a program");
    }
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  /** The argv for one node: every {@code {site}} and {@code {node}} replaced. */
  public List<String> argv(String siteId, String node) {
    return command.stream().map(a -> a.replace("{site}", siteId).replace("{node}", node)).toList();
  }

  @Override
  public void reinstall(String siteId, String node, Duration timeout, Runnable heartbeat) {
    List<String> argv = argv(siteId, node);
    Duration limit = timeout == null || this.timeout.compareTo(timeout) < 0 ? this.timeout : timeout;
    String what = "reinstall of node " + node + " of " + siteId + " (" + argv.get(0) + ")";
    OutOfBandCommand.run(argv, limit, what, FailureTypes.PROVISIONING_FAILED, heartbeat);
  }

  @Override
  public String toString() {
    return "CommandNodeProvisioner" + command;
  }
}
