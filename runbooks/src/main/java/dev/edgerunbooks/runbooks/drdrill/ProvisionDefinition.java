package dev.edgerunbooks.runbooks.drdrill;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a staging node is reinstalled out of band; the staging worker's node provisioner runs the command
 * with the placeholders replaced, once per node.
 *
 * @param command the argument vector, with {@code {site}} (the staging cluster's site id, {@code
 *     staging-<region>}) and {@code {node}} (the node's name) in it
 * @param timeout how long reinstalling a node may take until its API answers again
 */
public record ProvisionDefinition(List<String> command, Duration timeout) {
  /** The placeholders a command may use. */
  public static final List<String> PLACEHOLDERS = List.of("site", "node");

  public ProvisionDefinition {
    command = List.copyOf(command);
    Objects.requireNonNull(timeout, "timeout");
  }
}
