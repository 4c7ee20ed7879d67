package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a run while printing its progress line to stderr. */
final class RunWatcher {
  private static final long POLL_MILLIS = 500;
  /** Failure types a run's planning step raises for a request, runbook file or bundle it refuses. */
  private static final Set<String> REFUSED_INPUT =
      Set.of(
          FailureTypes.UNKNOWN_STORE,
          FailureTypes.RUNBOOK_INVALID,
          FailureTypes.INVALID_REQUEST,
          FailureTypes.BUNDLE_REJECTED);

  private RunWatcher() {}

  static <R> R await(Output output, WorkflowStub run, Class<R> resultType, Supplier<String> progress) {
    CompletableFuture<R> result = run.getResultAsync(resultType);
    String last = "";
    boolean terminal = System.console() != null;
    while (true) {
      try {
        R value = result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        finishLine(output, terminal, last);
        return value;
      } catch (TimeoutException stillRunning) {
        last = show(output, terminal, last, progress);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.UNAVAILABLE, "interrupted; the run goes on");
      } catch (ExecutionException e) {
        finishLine(output, terminal, last);
        throw failed(e.getCause());
      }
    }
  }

  /**
   * Waits, printing nothing, until {@code planned} says the run got past its planning, or the run
   * ended, or {@code max} passed. A run that failed fails here as in {@link #await}, so a refused
   * bundle or request is exit code 2 even when the caller does not wait for the result.
   *
   * @return whether the run planned (or ended) within {@code max}
   */
  static boolean awaitPlanned(WorkflowStub run, Class<?> resultType, BooleanSupplier planned, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      if (askPlanned(planned)) {
        return true;
      }
      if (run.describe().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        try {
          run.getResult(resultType); // the run has ended: this returns at once, or throws why it failed
          return true;
        } catch (RuntimeException e) {
          throw failed(e);
        }
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.UNAVAILABLE, "interrupted; the run goes on");
      }
    }
  }

  private static boolean askPlanned(BooleanSupplier planned) {
    try {
      return planned.getAsBoolean();
    } catch (RuntimeException queryFailed) {
      return false; // the run may not have had its first workflow task yet
    }
  }

  /** Why a run failed: exit code 2 when its planning refused the input (nothing was touched), else 3. */
  private static CliException failed(Throwable failure) {
    Throwable cause = failure instanceof WorkflowException w ? rootMessage(w) : failure;
    if (cause instanceof ApplicationFailure refused && REFUSED_INPUT.contains(refused.getType())) {
      // the run's planning refused the request before it touched anything: bad input, not an outage
      return new CliException(ExitCodes.USAGE, "refused before anything started: " + refused.getOriginalMessage());
    }
    return new CliException(ExitCodes.UNAVAILABLE, "the run failed: " + cause.getMessage());
  }

  private static String show(Output output, boolean terminal, String last, Supplier<String> progress) {
    String line;
    try {
      line = progress.get();
    } catch (RuntimeException queryFailed) {
      return last; // the run may not have had its first workflow task yet
    }
    if (terminal) {
      output.err().print("\r" + line);
      output.err().flush();
    } else if (!line.equals(last)) {
      output.err().println(line);
      output.err().flush();
    }
    return line;
  }

  private static void finishLine(Output output, boolean terminal, String last) {
    if (terminal && !last.isEmpty()) {
      output.err().println();
      output.err().flush();
    }
  }

  private static Throwable rootMessage(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
