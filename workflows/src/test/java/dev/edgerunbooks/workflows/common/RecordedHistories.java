package dev.edgerunbooks.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.NonDeterministicException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
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

/**
 * The recorded histories under {@code src/test/resources/histories/<runbook>/<version>/}: each
 * folder holds the JSON histories and a {@value #WORKFLOW_IDS} naming each one's workflow id (a
 * history does not hold its own id, and replay checks the child ids made from it).
 */
public final class RecordedHistories {
  public static final String WORKFLOW_IDS = "workflow-ids.properties";

  private RecordedHistories() {}

  public static List<String> recordedHistories() throws IOException, URISyntaxException {
    URL root = RecordedHistories.class.getClassLoader().getResource("histories");
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

  public static WorkflowExecutionHistory load(String resource) throws IOException {
    ClassLoader loader = RecordedHistories.class.getClassLoader();
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

  /** Writes the histories of a recorded run to {@code src/test/resources/histories/<folder>/}. */
  public static void write(WorkflowClient client, String folder, Map<String, String> fileToWorkflowId)
      throws IOException {
    Path dir = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories", folder);
    Files.createDirectories(dir);
    Properties ids = new Properties();
    for (Map.Entry<String, String> e : fileToWorkflowId.entrySet()) {
      ids.setProperty(e.getKey(), e.getValue());
      String json = client.fetchHistory(e.getValue()).toJson(true);
      Files.writeString(dir.resolve(e.getKey()), json.endsWith("\n") ? json : json + "\n");
    }
    try (Writer out = Files.newBufferedWriter(dir.resolve(WORKFLOW_IDS))) {
      ids.store(out, "workflow id of each recorded history");
    }
  }

  /**
   * The replayer reports a non-determinism as a RuntimeException whose message carries the
   * NonDeterministicException (it comes back through a replay-only query), so accept either form.
   */
  public static void isNonDeterminism(Throwable e) {
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
  public static String divergence(Throwable e) {
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
