package dev.edgerunbooks.activities.proxmox;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Polls a task until it stops, reporting every poll to a heartbeat. A few transient errors in a row
 * (a node busy, a WAN blip) are ridden out: the task keeps running on the server regardless.
 */
final class TaskWatch {
  private final Upid upid;
  private final Supplier<TaskStatus> status;
  private final Duration interval;
  private final int errorsTolerated;

  TaskWatch(Upid upid, Supplier<TaskStatus> status, ClientSettings settings) {
    this.upid = upid;
    this.status = status;
    this.interval = settings.taskPollInterval();
    this.errorsTolerated = settings.pollErrorsTolerated();
  }

  TaskStatus awaitEnd(Consumer<TaskProgress> heartbeat) {
    long started = System.nanoTime();
    int polls = 0;
    int errorsInARow = 0;
    while (true) {
      TaskStatus current = null;
      try {
        current = status.get();
        errorsInARow = 0;
      } catch (ApplicationFailure failure) {
        if (failure.isNonRetryable() || ++errorsInARow > errorsTolerated) {
          throw failure;
        }
      }
      polls++;
      long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
      heartbeat.accept(
          new TaskProgress(upid.text(), current == null ? "unknown" : current.status(), polls, elapsed));
      if (current != null && current.stopped()) {
        return current;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure(
            "interrupted while waiting for task " + upid.text(), "Interrupted");
      }
    }
  }

  /** Throws TASK_FAILED unless the task ended OK or with warnings. */
  static TaskStatus requireSuccess(
      TaskStatus end, Upid upid, String where, Supplier<List<TaskLogLine>> log) {
    if (end.succeeded()) {
      return end;
    }
    String tail;
    try {
      List<TaskLogLine> lines = log.get();
      tail =
          String.join(
              " | ",
              lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream().map(TaskLogLine::t).toList());
    } catch (ApplicationFailure e) {
      tail = "(log unavailable: " + e.getType() + ")";
    }
    return failTask(end, upid, where, tail);
  }

  private static TaskStatus failTask(TaskStatus end, Upid upid, String where, String tail) {
    throw ApplicationFailure.newNonRetryableFailure(
        "task " + upid.type() + " " + upid.text() + " on " + where + " ended with '"
            + end.exitstatus() + "'; last log lines: " + tail + "; read the full task log on the store",
        dev.edgerunbooks.workflows.common.FailureTypes.TASK_FAILED,
        end.exitstatus());
  }
}
