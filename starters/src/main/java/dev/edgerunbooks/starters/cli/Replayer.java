package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.common.ProductWorkflows;
import io.temporal.common.metadata.POJOWorkflowImplMetadata;
import io.temporal.common.metadata.POJOWorkflowMethodMetadata;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays a run's history against the workflow code this CLI carries, with {@link
 * WorkflowReplayer}: a worker with every workflow implementation registered takes the history's
 * events and checks that the code issues the same commands in the same order.
 */
final class Replayer {
  private final Map<String, Class<?>> byType = new LinkedHashMap<>();

  /** Replays against {@code implementations} (tests give their own versions of a workflow). */
  Replayer(List<Class<?>> implementations) {
    for (Class<?> implementation : implementations) {
      for (POJOWorkflowMethodMetadata method : POJOWorkflowImplMetadata.newInstance(implementation).getWorkflowMethods()) {
        byType.put(method.getName(), implementation);
      }
    }
  }

  static Replayer product() {
    return new Replayer(ProductWorkflows.IMPLEMENTATIONS);
  }

  /** The workflow types this replayer has code for. */
  Set<String> workflowTypes() {
    return byType.keySet();
  }

  /**
   * What the replay of one history found.
   *
   * @param divergence where the code diverges from the history; null when it does not
   * @param failure why the replay failed otherwise (the code threw); null when it did not
   */
  record Outcome(Histories.Recorded recorded, Class<?> implementation, Divergence divergence, String failure) {
    boolean deterministic() {
      return divergence == null && failure == null;
    }
  }

  /**
   * Replays {@code recorded} against the implementation of its workflow type (from its first event).
   *
   * @throws CliException with {@link ExitCodes#USAGE} when this CLI has no code for that type
   */
  Outcome replay(Histories.Recorded recorded) {
    String type = recorded.workflowType();
    Class<?> implementation = byType.get(type);
    if (implementation == null) {
      throw new CliException(
          ExitCodes.USAGE,
          recorded.source() + " is a history of workflow type " + type + ", which is not one of this CLI's workflows ("
              + String.join(", ", byType.keySet()) + ")");
    }
    // every other workflow registered too, as on the central worker
    List<Class<?>> others = byType.values().stream().distinct().filter(c -> c != implementation).toList();
    try {
      WorkflowReplayer.replayWorkflowExecution(recorded.history(), implementation, others.toArray(Class<?>[]::new));
      return new Outcome(recorded, implementation, null, null);
    } catch (Exception | Error e) {
      String nonDeterminism = nonDeterminism(e);
      if (nonDeterminism != null) {
        return new Outcome(recorded, implementation, Divergence.of(nonDeterminism, recorded), null);
      }
      return new Outcome(recorded, implementation, null, rootMessage(e));
    }
  }

  /**
   * The message of the {@link NonDeterministicException} behind {@code e}, or null. The replayer
   * reports one either as the exception or inside the message of the replay-only query that failed
   * ({@code … error=io.temporal.worker.NonDeterministicException: [TMPRL1100] …}).
   */
  static String nonDeterminism(Throwable e) {
    String marker = NonDeterministicException.class.getName() + ": ";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NonDeterministicException) {
        return t.getMessage();
      }
      String message = t.getMessage();
      int at = message == null ? -1 : message.indexOf(marker);
      if (at >= 0) {
        return message.substring(at + marker.length());
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    int at = message == null ? -1 : message.indexOf("error=");
    return root.getClass().getSimpleName() + ": " + (at >= 0 ? message.substring(at + "error=".length()) : message);
  }
}
