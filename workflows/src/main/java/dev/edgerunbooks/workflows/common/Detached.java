package dev.edgerunbooks.workflows.common;

import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts work outside the current cancellation scope. A fleet-level run starts its staging
 * workflows this way: when the run is cancelled it sends them an abort signal instead, so each
 * cleans its staging cluster up and still returns its results for the run's report (a workflow
 * that is itself cancelled ends cancelled, and its result is lost).
 */
public final class Detached {
  private Detached() {}

  public static <T> Promise<T> start(Functions.Func<Promise<T>> work) {
    List<Promise<T>> started = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> started.add(work.apply())).run();
    return started.get(0);
  }
}
