package dev.edgerunbooks.activities.command;

import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a configured program out of band (a reinstall, a host upgrade over SSH): no shell, so an
 * argument cannot inject anything. Its output (stdout and stderr together) is kept, its last lines go
 * into the failure message; failing to start, a non-zero exit or running past the timeout is a
 * non-retryable failure of the caller's type. The command must not print secrets.
 */
public final class OutOfBandCommand {
  private static final int TAIL_LINES = 20;
  private static final int TAIL_LINE_CHARS = 300;
  private static final long HEARTBEAT_MILLIS = 1_000;

  private OutOfBandCommand() {}

  /**
   * @param what names the run in messages, e.g. {@code reinstall of node stg1 of staging-eu (/opt/x)}
   * @param failureType the failure type of every permanent failure
   * @param heartbeat called about every second while the program runs
   */
  public static void run(List<String> argv, Duration limit, String what, String failureType, Runnable heartbeat) {
    run(argv, Map.of(), limit, what, failureType, heartbeat);
  }

  /** As {@link #run(List, Duration, String, String, Runnable)}, with these variables added to the environment. */
  public static void run(
      List<String> argv, Map<String, String> environment, Duration limit, String what, String failureType, Runnable heartbeat) {
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          what + " could not start: " + e.getMessage() + "; check the configured command", failureType, e);
    }
    Tail tail = new Tail();
    Thread reader = new Thread(() -> tail.drain(process.getInputStream()), "out-of-band-output");
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
              what + " did not finish within " + limit + " and was killed; last output: " + tail, failureType);
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
      throw ApplicationFailure.newNonRetryableFailure(what + " exited with " + exit + "; last output: " + tail, failureType);
    }
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
