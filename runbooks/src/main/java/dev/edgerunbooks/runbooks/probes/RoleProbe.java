package dev.edgerunbooks.runbooks.probes;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.fleet.GuestType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The application check for the guests of one role.
 *
 * @param exec the command the QEMU guest agent runs in a VM; empty when the role has no VM probe
 * @param expectExit the exit code {@code exec} must end with
 * @param expectOutput text {@code exec}'s output must contain
 * @param interfaceName the interface a container must have an address on; empty when the role has no
 *     container probe
 * @param timeout how long the probe may take
 * @param location the role's entry in probes.yaml
 */
public record RoleProbe(
    String role,
    List<String> exec,
    int expectExit,
    Optional<String> expectOutput,
    Optional<String> interfaceName,
    Duration timeout,
    SourceLocation location) {

  public RoleProbe {
    Objects.requireNonNull(role, "role");
    exec = List.copyOf(exec);
    Objects.requireNonNull(expectOutput, "expectOutput");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(location, "location");
    if (exec.isEmpty() && interfaceName.isEmpty()) {
      throw new IllegalArgumentException("role " + role + " has neither exec nor interface");
    }
  }

  /** Whether the probe can check a guest of {@code type}: VMs need exec, containers an interface. */
  public boolean suits(GuestType type) {
    return switch (type) {
      case QEMU -> !exec.isEmpty();
      case LXC -> interfaceName.isPresent();
    };
  }
}
