package dev.edgerunbooks.workflows.common;

import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowSemaphore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A fleet run's fan-out: one child workflow per store, {@code <run id>/<store>}, at most {@code
 * concurrency} at once. A child that itself failed is recorded through {@code crashed} rather than
 * failing the run, so one store cannot stop the fleet's report.
 *
 * @param <C> the store workflow's interface
 * @param <R> a store's result
 */
public final class StoreFanOut<C, R> {
  private final Class<C> childType;
  private final Set<String> running = new LinkedHashSet<>();
  private final Map<String, R> results = new LinkedHashMap<>();
  private Function<String, String> summary = id -> null;
  private Runnable onChange = () -> {};

  public StoreFanOut(Class<C> childType) {
    this.childType = childType;
  }

  /**
   * The static summary each store's child shows in the Temporal UI, from the store's id (e.g. "cert
   * rotation of store-0007 (3 nodes)"). User metadata on the start command does not change how a
   * recorded history replays.
   */
  public StoreFanOut<C, R> summarizedAs(Function<String, String> summary) {
    this.summary = summary;
    return this;
  }

  /** Called whenever a store's child starts or ends, e.g. to refresh the run's current details. */
  public StoreFanOut<C, R> onChange(Runnable onChange) {
    this.onChange = onChange;
    return this;
  }

  /** The options of a store's child: its id {@code <run id>/<store>} and its summary. */
  ChildWorkflowOptions options(String runId, String storeId) {
    ChildWorkflowOptions.Builder options =
        RunAttributes.forChild(ChildWorkflowOptions.newBuilder().setWorkflowId(runId + "/" + storeId), List.of(storeId), null);
    String text = summary.apply(storeId);
    if (text != null) options.setStaticSummary(text);
    return options.build();
  }

  /**
   * Runs every store's child and returns the results in the order of {@code storeIds}.
   *
   * @param start starts the child's workflow method asynchronously (e.g. {@code Async.function(child::run, input)})
   * @param crashed the result to record for a store whose child failed, from its id and the reason
   */
  public List<R> run(
      List<String> storeIds,
      int concurrency,
      BiFunction<C, String, Promise<R>> start,
      BiFunction<String, String, R> crashed) {
    String runId = Workflow.getInfo().getWorkflowId();
    WorkflowSemaphore slots = Workflow.newWorkflowSemaphore(Math.max(1, concurrency));
    List<Promise<Void>> done = new ArrayList<>();
    for (String storeId : storeIds) {
      slots.acquire();
      running.add(storeId);
      onChange.run();
      C child = Workflow.newChildWorkflowStub(childType, options(runId, storeId));
      done.add(
          start.apply(child, storeId)
              .handle(
                  (result, error) -> {
                    slots.release();
                    running.remove(storeId);
                    results.put(storeId, result != null ? result : crashed.apply(storeId, reason(error)));
                    onChange.run();
                    return null;
                  }));
    }
    Promise.allOf(done).get();
    return storeIds.stream().map(results::get).toList();
  }

  public List<String> running() {
    return new ArrayList<>(running);
  }

  public <K> Map<K, Integer> count(Function<R, List<K>> outcomes) {
    Map<K, Integer> counts = new LinkedHashMap<>();
    for (R r : results.values()) {
      for (K k : outcomes.apply(r)) counts.merge(k, 1, Integer::sum);
    }
    return counts;
  }

  /** How many stores' results so far are {@code which}. */
  public int countWhere(Predicate<R> which) {
    return (int) results.values().stream().filter(which).count();
  }

  public int done() {
    return results.size();
  }

  private static String reason(Throwable error) {
    return error instanceof ChildWorkflowFailure child && child.getCause() != null
        ? "store workflow failed: " + child.getCause().getMessage()
        : "store workflow failed: " + error;
  }
}
