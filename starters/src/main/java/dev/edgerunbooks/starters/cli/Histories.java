package dev.edgerunbooks.starters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A run's event history: fetched from Temporal, written to a file and read back.
 *
 * <p>The file is the JSON {@link WorkflowExecutionHistory#toJson} writes (what {@code
 * WorkflowHistoryLoader}, {@code WorkflowExecutionHistory.fromJson} and the Temporal CLI's {@code
 * workflow show --output json} read), with the run's {@code workflowId} and {@code runId} beside
 * its {@code events}: a history does not hold its own workflow id, and replay checks the ids of the
 * child workflows made from it. Readers that do not know the two fields ignore them.
 */
final class Histories {
  /** What {@code WorkflowExecutionHistory} calls a history without a workflow id. */
  private static final String NO_WORKFLOW_ID = "workflow_id_in_replay";
  /** Beside the recorded histories under test resources: file name to workflow id. */
  static final String WORKFLOW_IDS = "workflow-ids.properties";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Histories() {}

  /**
   * A history and the run it is of.
   *
   * @param workflowId null when a file does not say it
   * @param runId null when a file does not say it
   * @param source where it came from: {@code Temporal} or the file
   */
  record Recorded(String workflowId, String runId, WorkflowExecutionHistory history, String source) {
    WorkflowExecutionStartedEventAttributes started() {
      return history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes();
    }

    String workflowType() {
      return started().getWorkflowType().getName();
    }

    int events() {
      return history.getEvents().size();
    }

    /** The event with this id, if the history has it. */
    Optional<HistoryEvent> event(long eventId) {
      return history.getEvents().stream().filter(e -> e.getEventId() == eventId).findFirst();
    }

    /** The workflow id, or what the history is called when it does not say. */
    String name() {
      return workflowId != null ? workflowId : "(workflow id unknown)";
    }
  }

  /**
   * The run {@code runId} of {@code workflowId} (its newest run when {@code runId} is null), whole.
   *
   * @throws CliException with {@link ExitCodes#NOT_FOUND} when there is no such run, {@link
   *     ExitCodes#USAGE} for a malformed run id
   */
  static Recorded fetch(WorkflowClient client, String workflowId, String runId) {
    WorkflowExecutionDescription run = describe(client, workflowId, runId);
    String actualRunId = run.getExecution().getRunId();
    WorkflowExecutionHistory history = client.fetchHistory(workflowId, actualRunId);
    return new Recorded(workflowId, actualRunId, history, "Temporal");
  }

  /** {@link RunStatus#describe}, for one run of the id when {@code runId} is given. */
  static WorkflowExecutionDescription describe(WorkflowClient client, String workflowId, String runId) {
    if (runId == null) {
      return RunStatus.describe(client, workflowId);
    }
    try {
      return client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty()).describe();
    } catch (RuntimeException e) {
      if (RunStatus.isNotFound(e)) {
        throw new CliException(ExitCodes.NOT_FOUND, "no run " + runId + " of " + workflowId);
      }
      if (invalidArgument(e)) {
        throw new CliException(
            ExitCodes.USAGE, "--run-id " + runId + " is not a run id (a UUID, as 'edgerun list' shows them)");
      }
      throw e;
    }
  }

  private static boolean invalidArgument(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        return true;
      }
    }
    return false;
  }

  /** The file {@code history export} writes: the run's ids, then its events. */
  static String toJson(Recorded recorded) {
    try {
      ObjectNode file = JSON.createObjectNode();
      file.put("workflowId", recorded.workflowId());
      file.put("runId", recorded.runId());
      file.setAll((ObjectNode) JSON.readTree(recorded.history().toJson(false)));
      return JSON.writeValueAsString(file) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the SDK's own history JSON does not parse", e);
    }
  }

  /**
   * Reads a history file. Its workflow id is {@code workflowId} when given, else the file's own
   * {@code workflowId}, else what a {@value #WORKFLOW_IDS} beside it says (as for the recorded
   * histories under test resources), else unknown.
   *
   * @throws CliException with {@link ExitCodes#USAGE} for a missing file or one that is not a history
   */
  static Recorded read(Path file, String workflowId) {
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.USAGE, "no such file: " + file);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw notAHistory(file, "it is not JSON (" + e.getOriginalMessage() + ")");
    }
    JsonNode events = root == null ? null : root.get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      throw notAHistory(file, "it has no \"events\"");
    }
    String id = workflowId != null ? workflowId : text(root, "workflowId").orElseGet(() -> besideIt(file));
    WorkflowExecutionHistory history;
    try {
      history = WorkflowExecutionHistory.fromJson(text, id != null ? id : NO_WORKFLOW_ID);
    } catch (RuntimeException e) {
      throw notAHistory(file, firstLine(e.getMessage()));
    }
    HistoryEvent first = history.getEvents().get(0);
    if (first.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      throw notAHistory(file, "its first event is " + first.getEventType() + ", not the run's start");
    }
    return new Recorded(id, text(root, "runId").orElse(null), history, file.toString());
  }

  private static CliException notAHistory(Path file, String why) {
    return new CliException(
        ExitCodes.USAGE,
        file + " is not a workflow history: " + why + ". Write one with: edgerun history export <workflowId>");
  }

  private static Optional<String> text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** The workflow id a {@value #WORKFLOW_IDS} beside {@code file} names for it; null without one. */
  private static String besideIt(Path file) {
    Path ids = file.toAbsolutePath().resolveSibling(WORKFLOW_IDS);
    if (!Files.isRegularFile(ids)) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(ids)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty(file.getFileName().toString());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** {@code evidence/2026-11-24} becomes {@code evidence_2026-11-24.history.json}. */
  static String defaultFile(String workflowId) {
    return workflowId.replace('/', '_') + ".history.json";
  }
}
