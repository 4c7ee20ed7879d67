package dev.edgerunbooks.activities.proxmox;

import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.ProbeResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs a guest's application probe ({@code probes.yaml}) through the PVE API, as the restore test,
 * the DR drill and patch waves do: a VM's command through the QEMU guest agent, a container's
 * running state and address. The guest answering wrong is a failed {@link ProbeResult}; the cluster
 * not answering, or refusing us, is thrown.
 */
public final class GuestProbes {
  private static final int DETAIL_CHARS = 200;

  private GuestProbes() {}

  /**
   * @param type {@code qemu} or {@code lxc}
   * @param poll how often a VM command's result is polled
   * @param heartbeat called on every poll
   */
  public static ProbeResult run(
      PveClient pve, String node, int vmid, String type, GuestProbe probe, Duration poll, Runnable heartbeat) {
    return type.equals("qemu") ? probeVm(pve, node, vmid, probe, poll, heartbeat) : probeContainer(pve, node, vmid, probe);
  }

  private static ProbeResult probeVm(PveClient pve, String node, int vmid, GuestProbe probe, Duration poll, Runnable heartbeat) {
    if (probe.command().isEmpty()) {
      try {
        pve.agentPing(node, vmid);
        return new ProbeResult(true, "guest agent answers (no command to run)");
      } catch (ApplicationFailure e) {
        return failedProbe(e, "guest agent ping");
      }
    }
    String command = String.join(" ", probe.command());
    long pid;
    try {
      pid = pve.agentExec(node, vmid, probe.command());
    } catch (ApplicationFailure e) {
      return failedProbe(e, "running '" + command + "'");
    }
    Duration timeout = probe.timeout() == null ? Duration.ofMinutes(1) : probe.timeout();
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (true) {
      AgentExecStatus status;
      try {
        status = pve.agentExecStatus(node, vmid, pid);
      } catch (ApplicationFailure e) {
        return failedProbe(e, "reading the result of '" + command + "'");
      }
      if (status.exited()) {
        String out = status.outData() == null ? "" : status.outData();
        boolean exitOk = status.exitcode() != null && status.exitcode() == probe.expectExit();
        boolean outputOk = probe.expectOutput() == null || out.contains(probe.expectOutput());
        String how = status.exitcode() != null ? "exit " + status.exitcode() : "killed by signal " + status.signal();
        String detail =
            "'" + command + "': " + how + (exitOk ? "" : " (expected " + probe.expectExit() + ")")
                + (outputOk ? "" : ", output lacks '" + probe.expectOutput() + "'")
                + ", output: '" + abbreviate(out.strip()) + "'"
                + (exitOk || status.errData() == null || status.errData().isBlank()
                    ? ""
                    : ", errors: '" + abbreviate(status.errData().strip()) + "'");
        return new ProbeResult(exitOk && outputOk, detail);
      }
      heartbeat.run();
      if (System.currentTimeMillis() >= deadline) {
        return new ProbeResult(false, "'" + command + "' did not exit within " + timeout);
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted while waiting", "Interrupted");
      }
    }
  }

  private static ProbeResult probeContainer(PveClient pve, String node, int vmid, GuestProbe probe) {
    String name = probe.interfaceName() == null || probe.interfaceName().isBlank() ? "eth0" : probe.interfaceName();
    try {
      GuestStatus status = pve.guestStatus(node, "lxc", vmid);
      if (!status.running()) {
        return new ProbeResult(false, "container is " + status.status());
      }
      List<GuestInterface> interfaces = pve.containerInterfaces(node, vmid);
      Optional<GuestInterface> found = interfaces.stream().filter(i -> name.equals(i.name())).findFirst();
      if (found.isEmpty()) {
        return new ProbeResult(
            false, "no interface " + name + " (it has " + interfaces.stream().map(GuestInterface::name).toList() + ")");
      }
      GuestInterface i = found.get();
      if (!i.hasAddress()) {
        return new ProbeResult(false, name + " has no address");
      }
      return new ProbeResult(true, name + " has " + (i.inet() != null && !i.inet().isBlank() ? i.inet() : i.inet6()));
    } catch (ApplicationFailure e) {
      return failedProbe(e, "reading the container's state");
    }
  }

  /**
   * The guest answering wrong (PVE's 500: agent not running, the command failed to start) is a
   * result; the cluster not answering, or refusing us, is not.
   */
  public static ProbeResult failedProbe(ApplicationFailure e, String what) {
    if (!FailureTypes.API_SERVER_ERROR.equals(e.getType())) {
      throw e;
    }
    return new ProbeResult(false, what + " failed: " + abbreviate(serverMessage(e)));
  }

  /** What the server said, without the call and the advice around it. */
  public static String serverMessage(ApplicationFailure e) {
    String message = e.getOriginalMessage() == null ? e.getType() : e.getOriginalMessage();
    int at = message.indexOf(" answered HTTP ");
    if (at >= 0) {
      int colon = message.indexOf(": ", at);
      int semicolon = message.indexOf("; ", at);
      if (colon >= 0 && semicolon > colon) {
        return message.substring(colon + 2, semicolon);
      }
    }
    return message;
  }

  static String abbreviate(String s) {
    return s.length() <= DETAIL_CHARS ? s : s.substring(0, DETAIL_CHARS) + "…";
  }
}
