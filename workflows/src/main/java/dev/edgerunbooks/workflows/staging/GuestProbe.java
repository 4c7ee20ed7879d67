package dev.edgerunbooks.workflows.staging;

import java.time.Duration;
import java.util.List;

/**
 * The application check run on a restored guest.
 *
 * <ul>
 *   <li>For a VM ({@code qemu}): {@code command} runs through the QEMU guest agent ({@code
 *       agent/exec}); it passes when it exits with {@code expectExit} and, if {@code
 *       expectOutput} is set, its output contains that text.
 *   <li>For a container ({@code lxc}): the container must be running and {@code interfaceName}
 *       must have an address ({@code /lxc/{vmid}/interfaces}); {@code command} is not used because
 *       PVE has no exec API for containers.
 * </ul>
 */
public record GuestProbe(
    String role,
    List<String> command,
    int expectExit,
    String expectOutput,
    String interfaceName,
    Duration timeout) {
  public GuestProbe {
    command = command == null ? List.of() : List.copyOf(command);
  }
}
