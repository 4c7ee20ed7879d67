package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowHistoryLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code history export} and {@code replay}: the proof of issue 7's "a history recorded before a
 * deliberate non-deterministic change fails to replay, with the place named; after wrapping the
 * change in a version check it replays", on {@link ReplayProbe}'s versions; and every history
 * recorded under the workflows module's test resources replays as deterministic against the
 * product's code.
 */
class ReplayCommandTest {
  /** The workflows module's recorded histories, as the build runs the tests from starters/. */
  static final Path RECORDED = Path.of("..", "workflows", "src", "test", "resources", "histories");
  private static final String PROBE_ID = "replay-probe/change-42";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final CliTestServer temporal = CliTestServer.start(List.of(new ReplayProbe.StepsImpl()), ReplayProbe.V1.class);

  @TempDir static Path dir;
  /** The probe's run, recorded by version 1 and exported by {@code edgerun history export}. */
  private static Path recorded;
  /** The event the second step's activity was scheduled at in that history. */
  private static long secondStep;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void recordAndExportARunOfVersionOne() throws IOException {
    ReplayProbe.ProbeWorkflow probe =
        temporal.client()
            .newWorkflowStub(
                ReplayProbe.ProbeWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(dev.edgerunbooks.workflows.common.TaskQueues.CENTRAL)
                    .setWorkflowId(PROBE_ID).build());
    assertThat(probe.run("change-42")).isEqualTo("change-42 applied");
    recorded = dir.resolve("incident").resolve("probe.history.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(temporal.edgerun(out, err, "history", "export", PROBE_ID, "--out", recorded.toString()))
        .as(err.toString())
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo(recorded + "\n");
    assertThat(err.toString())
        .containsPattern("wrote 1\\d events of " + PROBE_ID + " \\(ReplayProbeWorkflow, run [0-9a-f-]{36}\\); replay them"
            + " with: edgerun replay " + recorded);
    List<HistoryEvent> scheduled =
        WorkflowHistoryLoader.readHistory(recorded.toFile()).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .toList();
    assertThat(scheduled).hasSize(2);
    secondStep = scheduled.get(1).getEventId();
  }

  /** {@code edgerun args} whose {@code replay} runs against {@code version} of the probe. */
  private int edgerunAgainst(Class<?> version, String... args) {
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    CommandLine edgerun = Edgerun.commandLine(o, e);
    edgerun.getCommandSpec().removeSubcommand("replay");
    edgerun.addSubcommand(new CommandLine(new ReplayCommand(new Output(o, e), new Replayer(List.of(version)))));
    return temporal.edgerun(edgerun, args);
  }

  private int edgerun(String... args) {
    return temporal.edgerun(out, err, args);
  }

  @Test
  void theExportIsTheSdksHistoryJsonWithTheRunsIdsBesideTheEvents() throws IOException {
    JsonNode file = JSON.readTree(recorded.toFile());
    assertThat(file.get("workflowId").asText()).isEqualTo(PROBE_ID);
    assertThat(file.get("runId").asText()).matches("[0-9a-f-]{36}");
    WorkflowExecutionHistory sdk = WorkflowHistoryLoader.readHistory(recorded.toFile());
    WorkflowExecutionHistory fetched = temporal.client().fetchHistory(PROBE_ID);
    assertThat(sdk.getEvents()).isEqualTo(fetched.getEvents());
    assertThat(file.get("events")).hasSize(fetched.getEvents().size());
  }

  @Test
  void theDefaultFileIsNamedAfterTheIdHereAndOutDashPrintsTheJson() throws IOException {
    Path here = Path.of(Histories.defaultFile(PROBE_ID));
    assertThat(here.toString()).isEqualTo("replay-probe_change-42.history.json");
    try {
      assertThat(edgerun("history", "export", PROBE_ID)).isEqualTo(ExitCodes.OK);
      assertThat(out.toString()).isEqualTo(here + "\n");
      assertThat(Files.readString(here)).isEqualTo(Files.readString(recorded));
    } finally {
      Files.deleteIfExists(here);
    }

    out.getBuffer().setLength(0);
    assertThat(edgerun("history", "export", PROBE_ID, "--out", "-")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo(Files.readString(recorded));
  }

  @Test
  void withJsonTheExportSaysWhatItWroteWhere() throws IOException {
    Path file = dir.resolve("json").resolve("probe.history.json");

    assertThat(edgerun("history", "export", PROBE_ID, "--out", file.toString(), "--json")).isEqualTo(ExitCodes.OK);

    JsonNode written = JSON.readTree(out.toString());
    assertThat(written.get("file").asText()).isEqualTo(file.toString());
    assertThat(written.get("workflowId").asText()).isEqualTo(PROBE_ID);
    assertThat(written.get("runId").asText()).matches("[0-9a-f-]{36}");
    assertThat(written.get("workflowType").asText()).isEqualTo("ReplayProbeWorkflow");
    assertThat(written.get("events").asInt()).isEqualTo(JSON.readTree(file.toFile()).get("events").size());
  }

  @Test
  void theRecordedRunReplaysAgainstTheCodeItWasRecordedWith() {
    assertThat(edgerunAgainst(ReplayProbe.V1.class, "replay", recorded.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .startsWith(PROBE_ID + " (ReplayProbeWorkflow, ")
        .contains("from " + recorded + ")\n")
        .contains("deterministic: V1 issues the commands the history recorded\n");
  }

  @Test
  void anUnversionedNewStepFailsToReplayNamingTheEventTheCommandAndTheTypes() {
    assertThat(edgerunAgainst(ReplayProbe.AnnounceFirst.class, "replay", recorded.toString()))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .contains("NOT deterministic: AnnounceFirst diverges from the history\n")
        .contains("  history, event " + secondStep + ": ACTIVITY_TASK_SCHEDULED, activity Apply\n")
        .contains("  the code instead:  SCHEDULE_ACTIVITY_TASK, activity Announce (activityType differs)\n")
        .contains("  workflow:          ReplayProbeWorkflow; activities: Apply, Announce\n")
        .contains("  message:           [TMPRL1100] Failure handling event " + secondStep)
        .contains("put the change behind Workflow.getVersion(...)");
  }

  @Test
  void theSameStepBehindAVersionCheckReplays() {
    assertThat(edgerunAgainst(ReplayProbe.AnnounceVersioned.class, "replay", recorded.toString()))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("deterministic: AnnounceVersioned issues the commands the history recorded");
  }

  @Test
  void aRunIsReplayedByItsIdFetchedFromTemporal() {
    assertThat(edgerunAgainst(ReplayProbe.AnnounceFirst.class, "replay", PROBE_ID)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .startsWith(PROBE_ID + " (ReplayProbeWorkflow, ")
        .contains("from Temporal)")
        .contains("history, event " + secondStep + ": ACTIVITY_TASK_SCHEDULED, activity Apply");

    out.getBuffer().setLength(0);
    assertThat(edgerunAgainst(ReplayProbe.AnnounceVersioned.class, "replay", PROBE_ID)).isEqualTo(ExitCodes.OK);
  }

  @Test
  void withJsonTheDivergenceIsAnObject() throws IOException {
    assertThat(edgerunAgainst(ReplayProbe.AnnounceFirst.class, "replay", recorded.toString(), "--json"))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    JsonNode json = JSON.readTree(out.toString());
    assertThat(json.get("workflowId").asText()).isEqualTo(PROBE_ID);
    assertThat(json.get("workflowType").asText()).isEqualTo("ReplayProbeWorkflow");
    assertThat(json.get("deterministic").asBoolean()).isFalse();
    JsonNode divergence = json.get("divergence");
    assertThat(divergence.get("eventId").asLong()).isEqualTo(secondStep);
    assertThat(divergence.get("eventType").asText()).isEqualTo("ACTIVITY_TASK_SCHEDULED");
    assertThat(divergence.get("command").asText()).isEqualTo("SCHEDULE_ACTIVITY_TASK");
    assertThat(divergence.get("codeProduced").asText()).isEqualTo("activity Announce");
    assertThat(divergence.get("check").asText()).isEqualTo("activityType");
    assertThat(divergence.get("activityTypes")).hasSize(2);
  }

  @Test
  void aTimerWhereTheHistoryHasAStepIsNamedByItsCommandType() {
    assertThat(edgerunAgainst(ReplayProbe.WaitFirst.class, "replay", recorded.toString()))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString())
        .contains("  history, event " + secondStep + ": ACTIVITY_TASK_SCHEDULED, activity Apply")
        .contains("  the code instead:  START_TIMER\n");
  }

  @Test
  void aRemovedStepIsNamedAsTheEventTheCodeHasNoCommandFor() {
    assertThat(edgerunAgainst(ReplayProbe.ApplyRemoved.class, "replay", recorded.toString()))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(out.toString()).contains("  history, event " + secondStep + ": ACTIVITY_TASK_SCHEDULED, activity Apply");
  }

  static Stream<Path> recordedHistories() throws IOException {
    try (Stream<Path> files = Files.walk(RECORDED)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedHistories")
  void everyRecordedHistoryOfTheProductReplaysAsDeterministic(Path history) {
    assertThat(edgerun("replay", history.toString())).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("\ndeterministic: ").contains("from " + history + ")");
  }

  @Test
  void aRecordedHistoryCopiedAwayFromItsWorkflowIdsNeedsTheIdForItsChildren() throws IOException {
    Path copy = dir.resolve("evidence-run.json");
    Files.copy(RECORDED.resolve("evidence/v1/run.json"), copy);

    assertThat(edgerun("replay", copy.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("edgerun: " + copy + " does not say its run's workflow id, and the ids of the child workflows it"
            + " started are made from it: give it with --workflow-id <id>");

    out.getBuffer().setLength(0);
    assertThat(edgerun("replay", copy.toString(), "--workflow-id", "evidence/recorded-v1")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("evidence/recorded-v1 (EvidenceWorkflow, ");
  }

  @Test
  void badInputIsExitTwoAndAnUnknownRunFour() throws IOException {
    assertThat(edgerun("replay", dir.resolve("absent.json").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("edgerun: no such file: " + dir.resolve("absent.json"));

    Path notJson = Files.writeString(dir.resolve("notes.json"), "replay me\n");
    assertThat(edgerun("replay", notJson.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(notJson + " is not a workflow history: it is not JSON");

    Path noEvents = Files.writeString(dir.resolve("summary.json"), "{\"workflowId\": \"evidence/2026-11-24\"}\n");
    assertThat(edgerun("replay", noEvents.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(noEvents + " is not a workflow history: it has no \"events\". Write one with: edgerun history export");

    assertThat(edgerun("replay", recorded.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains(recorded + " is a history of workflow type ReplayProbeWorkflow, which is not one of this CLI's"
            + " workflows (BackupVerifyWorkflow, StoreBackupVerifyWorkflow, ");

    assertThat(edgerun("replay", "evidence/1999-01-01")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString()).contains("edgerun: no run with id evidence/1999-01-01");

    assertThat(edgerun("history", "export", "evidence/1999-01-01")).isEqualTo(ExitCodes.NOT_FOUND);
    // the test server finds no such run; a cluster refuses the malformed id (exit code 2)
    assertThat(edgerun("history", "export", PROBE_ID, "--run-id", "nope")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString()).contains("edgerun: no run nope of " + PROBE_ID);
  }
}
