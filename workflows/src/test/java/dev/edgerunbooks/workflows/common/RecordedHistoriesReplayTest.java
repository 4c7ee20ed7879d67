package dev.edgerunbooks.workflows.common;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.metadata.POJOWorkflowImplMetadata;
import io.temporal.common.metadata.POJOWorkflowMethodMetadata;
import io.temporal.testing.WorkflowReplayer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded history under {@code src/test/resources/histories/} must replay against the current
 * workflow code. A failure here means a change altered the commands a workflow issues for an
 * existing history: wrap the change in {@code Workflow.getVersion} instead of editing the history.
 */
class RecordedHistoriesReplayTest {
  /** Workflow type (first event of a history) to the implementation that must replay it. */
  private static final Map<String, Class<?>> IMPLEMENTATIONS = new HashMap<>();

  static {
    for (Class<?> impl : ProductWorkflows.IMPLEMENTATIONS) {
      for (POJOWorkflowMethodMetadata method : POJOWorkflowImplMetadata.newInstance(impl).getWorkflowMethods()) {
        IMPLEMENTATIONS.put(method.getName(), impl);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.edgerunbooks.workflows.common.RecordedHistories#recordedHistories")
  void replaysAgainstTheCurrentCode(String resource) throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load(resource);
    String type =
        history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
    Class<?> impl = IMPLEMENTATIONS.get(type);
    if (impl == null) {
      throw new AssertionError(
          resource + ": workflow type " + type + " has no implementation in ProductWorkflows.IMPLEMENTATIONS");
    }
    try {
      WorkflowReplayer.replayWorkflowExecution(history, impl);
    } catch (Exception | Error e) {
      throw new AssertionError(
          resource
              + " (workflow type "
              + type
              + ") does not replay against "
              + impl.getSimpleName()
              + ": "
              + RecordedHistories.divergence(e)
              + "\nA change altered this workflow's history: wrap it in Workflow.getVersion and keep the old history.",
          e);
    }
  }
}
