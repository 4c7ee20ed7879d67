package dev.edgerunbooks.workflows.backupverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded history under {@code src/test/resources/histories/} must replay against the current
 * workflow code. A failure here means a change altered the commands a workflow issues for an
 * existing history: wrap the change in {@code Workflow.getVersion} instead of editing the history.
 */
public class BackupVerifyReplayTest {
  /** Workflow type (first event of a history) to the implementation that must replay it. */
  private static final Map<String, Class<?>> IMPLEMENTATIONS =
      Map.of(
          "BackupVerifyWorkflow", BackupVerifyWorkflowImpl.class,
          "StoreBackupVerifyWorkflow", StoreBackupVerifyWorkflowImpl.class);

  /** Beside the histories of a folder: file name = workflow id (replay checks child ids made from it). */
  static final String WORKFLOW_IDS = "workflow-ids.properties";

  private static final String PARENT_V1 = "histories/backup-verify/v1/fleet-run.json";

  static List<String> recordedHistories() throws IOException, URISyntaxException {
    URL root = BackupVerifyReplayTest.class.getClassLoader().getResource("histories");
    assertThat(root).as("test resource folder histories/").isNotNull();
    Path base = Path.of(root.toURI()).getParent();
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(Path.of(root.toURI()))) {
      walk.filter(p -> p.toString().endsWith(".json"))
          .sorted()
          .forEach(p -> files.add(base.relativize(p).toString().replace('\\', '/')));
    }
    return files;
  }

  @Test
  void theRecordedHistoriesArePresent() throws Exception {
    assertThat(recordedHistories())
        .contains(
            PARENT_V1,
            "histories/backup-verify/v1/store-corrupt-backup.json",
            "histories/backup-verify/v1/store-unreachable.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedHistories")
  void replaysAgainstTheCurrentCode(String resource) throws Exception {
    WorkflowExecutionHistory history = load(resource);
    String type =
        history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
    Class<?> impl = IMPLEMENTATIONS.get(type);
    if (impl == null) {
      throw new AssertionError(
          resource + ": workflow type " + type + " has no implementation in IMPLEMENTATIONS of " + getClass().getSimpleName());
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
              + divergence(e)
              + "\nA change altered this workflow's history: wrap it in Workflow.getVersion and keep the old history.",
          e);
    }
  }

  @Test
  void replayFailsWhenTheWorkflowCallsThePlannerTwice() throws Exception {
    WorkflowExecutionHistory history = load(PARENT_V1);

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, PlansTwice.class))
        .satisfies(BackupVerifyReplayTest::isNonDeterminism)
        .satisfies(e -> assertThat(divergence(e)).contains("COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK"));
  }

  @Test
  void replayFailsWhenTheWorkflowSkipsThePlanner() throws Exception {
    WorkflowExecutionHistory history = load(PARENT_V1);

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, SkipsPlanner.class))
        .satisfies(BackupVerifyReplayTest::isNonDeterminism);
  }

  /** A "refactoring" that asks the planner twice: the second call is a command the history lacks. */
  public static class PlansTwice extends BackupVerifyWorkflowImpl {
    private final BackupVerifyPlanActivities planner =
        Workflow.newActivityStub(BackupVerifyPlanActivities.class, ActivityPolicies.central());

    @Override
    public BackupVerifySummary run(BackupVerifyRequest request) {
      planner.plan(request);
      return super.run(request);
    }
  }

  /** A workflow that reports without planning: its first command is not the recorded one. */
  public static class SkipsPlanner implements BackupVerifyWorkflow {
    private final BackupVerifyReportActivities reports =
        Workflow.newActivityStub(BackupVerifyReportActivities.class, ActivityPolicies.central());

    @Override
    public BackupVerifySummary run(BackupVerifyRequest request) {
      String prefix = "reports/backup-verify/skipped";
      String key = reports.writeReport(prefix, null);
      return new BackupVerifySummary(Workflow.getInfo().getWorkflowId(), 0, 0, 0, 0, List.of(), 0, key);
    }

    @Override
    public BackupVerifyProgress progress() {
      return new BackupVerifyProgress("done", 0, 0, 0, 0, 0, List.of());
    }
  }

  private static WorkflowExecutionHistory load(String resource) throws IOException {
    ClassLoader loader = BackupVerifyReplayTest.class.getClassLoader();
    int slash = resource.lastIndexOf('/');
    String file = resource.substring(slash + 1);
    Properties ids = new Properties();
    try (InputStream in = loader.getResourceAsStream(resource.substring(0, slash + 1) + WORKFLOW_IDS)) {
      if (in != null) {
        ids.load(in);
      }
    }
    String workflowId = ids.getProperty(file);
    if (workflowId == null) {
      throw new AssertionError(resource + ": no workflow id for " + file + " in " + WORKFLOW_IDS + " beside it");
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + resource);
      }
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), workflowId);
    }
  }

  /**
   * The replayer reports a non-determinism as a RuntimeException whose message carries the
   * NonDeterministicException (it comes back through a replay-only query), so accept either form.
   */
  private static void isNonDeterminism(Throwable e) {
    boolean typed = causes(e).stream().anyMatch(NonDeterministicException.class::isInstance);
    boolean reported =
        causes(e).stream()
            .map(Throwable::getMessage)
            .anyMatch(m -> m != null && m.contains(NonDeterministicException.class.getName()));
    assertThat(typed || reported)
        .as("a NonDeterministicException, got: %s", e)
        .isTrue();
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** What differs: for a non-determinism, the command and the event that do not match. */
  private static String divergence(Throwable e) {
    List<Throwable> chain = causes(e);
    for (Throwable t : chain) {
      if (t instanceof NonDeterministicException) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    for (Throwable t : chain) {
      String m = t.getMessage();
      int at = m == null ? -1 : m.indexOf("error=");
      if (at >= 0) {
        return m.substring(at + "error=".length());
      }
    }
    Throwable last = chain.get(chain.size() - 1);
    return last.getClass().getSimpleName() + ": " + last.getMessage();
  }
}
