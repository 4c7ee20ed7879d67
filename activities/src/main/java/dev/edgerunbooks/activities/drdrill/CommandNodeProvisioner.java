package dev.edgerunbooks.activities.drdrill;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reinstalls a node by running a configured command, e.g. {@code ["/opt/edge/reinstall", "--site",
 * "{site}", "--node", "{node}"]}. Each argument has {@code {site}} and {@code {node}} replaced; no
 * shell is involved, so a value cannot inject anything. Its output (stdout and stderr together) is
 * kept, its last lines go into the failure message; a non-zero exit or running past the timeout is a
 * non-retryable {@code ProvisioningFailed}. The command must not print secrets.
 */
public final class CommandNodeProvisioner implements NodeProvisioner {
  private static final int TAIL_LINES = 20;
  private static final int TAIL_LINE_CHARS = 300;
  private static final long HEARTBEAT_MILLIS = 1_000;

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
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          what + " could not start: " + e.getMessage() + "; check the configured reinstall command",
          FailureTypes.PROVISIONING_FAILED,
          e);
    }
    Tail tail = new Tail();
    Thread reader = new Thread(() -> tail.drain(process.getInputStream()), "reinstall-output-" + node);
    reader.setDaemon(true);
    reader.start();
    try {
      process.getOutputStream().close();
      long deadline = System.nanoTime() + limit.toNanos();
      while (!process.waitFor(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS)) {
        heartbeat.run();
        if (System.nanoTime() - deadline > 0) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          reader.join(2_000);
          throw ApplicationFailure.newNonRetryableFailure(
              what + " did not finish within " + limit + " and was killed; last output: " + tail,
              FailureTypes.PROVISIONING_FAILED);
        }
      }
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw ApplicationFailure.newFailure("interrupted while waiting for the " + what, "Interrupted");
    } catch (IOException e) {
      // closing its stdin failed: it exited already; its exit code tells
    }
    int exit = process.exitValue();
    if (exit != 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " exited with " + exit + "; last output: " + tail, FailureTypes.PROVISIONING_FAILED);
    }
  }

  @Override
  public String toString() {
    return "CommandNodeProvisioner" + command;
  }

  /** The last lines of the output, each cut to a sane length. */
  private static final class Tail {
    private final Deque<String> lines = new ArrayDeque<>();

    void drain(InputStream in) {
      try (in) {
        byte[] buffer = new byte[4096];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              add(pending.toString(StandardCharsets.UTF_8));
              pending.reset();
            } else if (pending.size() < TAIL_LINE_CHARS * 4) {
              pending.write(buffer[i]);
            }
          }
        }
        if (pending.size() > 0) {
          add(pending.toString(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        add("(output unreadable: " + e.getClass().getSimpleName() + ")");
      }
    }

    private synchronized void add(String line) {
      String l = line.strip();
      if (l.isEmpty()) {
        return;
      }
      lines.addLast(l.length() > TAIL_LINE_CHARS ? l.substring(0, TAIL_LINE_CHARS) + "…" : l);
      while (lines.size() > TAIL_LINES) {
        lines.removeFirst();
      }
    }

    @Override
    public synchronized String toString() {
      return lines.isEmpty() ? "(none)" : String.join(" | ", lines);
    }
  }
}
