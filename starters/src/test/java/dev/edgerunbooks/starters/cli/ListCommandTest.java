package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code list} against Temporal's test server, which has no query-based listing: the runs are
 * listed open and closed and filtered by the CLI, by runbook (id prefix), store (a part of the id,
 * child runs included) and state.
 */
class ListCommandTest {
  @RegisterExtension
  static final CliTestServer temporal =
      CliTestServer.start(
          RunbookRunsTest.FakeDrDrill.class, RunbookRunsTest.FakeStoreDrill.class, RunbookRunsTest.FakeEvidence.class,
          ScriptedRuns.StuckEvacuation.class);

  private static final String DRILL = "dr-drill/" + LocalDate.now(ZoneOffset.UTC) + "/store-0001+1";
  private static final String DRILL_PART = "staging/eu-central/" + DRILL;
  private static final String EVACUATION = "evacuate-node/store-0003/pve1";

  private final CliTestServer.Cli cli = temporal.cli();

  /** An evidence day completed and one failed, a DR drill of two stores (two store runs), an evacuation running. */
  @BeforeAll
  static void runSome() {
    CliTestServer.Cli cli = temporal.cli();
    assertThat(cli.run("run", "evidence", "--date", "2026-11-18", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(cli.run("run", "evidence", "--date", "2026-11-22", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("run", "dr-drill", "--store", "store-0001,store-0002", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(cli.run("run", "evacuate-node", "--store", "store-0003", "--node", "pve1", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.OK);
  }

  /** The workflow ids of the rows {@code list} printed, in order. */
  private List<String> ids() {
    return Arrays.stream(cli.out().split("\n")).skip(1).map(line -> line.split(" ")[0]).toList();
  }

  @Test
  void withoutFiltersTheRunbooksOwnRunsNewestFirstWithoutTheirStoreRuns() {
    assertThat(cli.run("list")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).startsWith("workflow id ").containsPattern("  runbook +state +started \\(UTC\\) +took +part of\n");
    assertThat(ids()).containsExactly(EVACUATION, DRILL, "evidence/2026-11-22", "evidence/2026-11-18");
    assertThat(cli.out())
        .containsPattern(EVACUATION + " +evacuate-node +running +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +\\d+s +-\n")
        .containsPattern("evidence/2026-11-22 +evidence +failed ")
        .containsPattern("evidence/2026-11-18 +evidence +completed ");
  }

  @Test
  void byRunbookStateAndStore() {
    assertThat(cli.run("list", "--runbook", "evidence")).isEqualTo(ExitCodes.OK);
    assertThat(ids()).containsExactly("evidence/2026-11-22", "evidence/2026-11-18");

    cli.clear();
    assertThat(cli.run("list", "--status", "failed")).isEqualTo(ExitCodes.OK);
    assertThat(ids()).containsExactly("evidence/2026-11-22");

    cli.clear();
    assertThat(cli.run("list", "--status", "running")).isEqualTo(ExitCodes.OK);
    assertThat(ids()).containsExactly(EVACUATION);

    cli.clear();
    assertThat(cli.run("list", "--store", "store-0001")).isEqualTo(ExitCodes.OK);
    assertThat(ids()).containsExactly(DRILL_PART, DRILL_PART, DRILL);
    assertThat(cli.out())
        .containsPattern(Pattern.quote(DRILL_PART) + " +dr-drill +completed .* \\d+s +" + Pattern.quote(DRILL) + "\n");

    cli.clear();
    assertThat(cli.run("list", "--runbook", "dr-drill", "--store", "store-0001", "--status", "completed")).isEqualTo(0);
    assertThat(ids()).containsExactly(DRILL_PART, DRILL_PART, DRILL);

    cli.clear();
    assertThat(cli.run("list", "--store", "store-0003", "--runbook", "evacuate-node")).isEqualTo(ExitCodes.OK);
    assertThat(ids()).containsExactly(EVACUATION);

    cli.clear();
    assertThat(cli.run("list", "--runbook", "patch-wave", "--status", "canceled")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).isEqualTo("no runs of patch-wave, canceled\n");
  }

  @Test
  void theLimitSaysWhenThereIsMoreAndJsonListsTheRuns() throws IOException {
    assertThat(cli.run("list", "--limit", "1")).isEqualTo(ExitCodes.OK);
    assertThat(ids()).containsExactly(EVACUATION, "…");
    assertThat(cli.out()).endsWith("\n… more: raise --limit (1) or narrow with --runbook, --store, --status\n");

    cli.clear();
    assertThat(cli.run("list", "--store", "store-0001", "--limit", "2", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode runs = new ObjectMapper().readTree(cli.out());
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).get("workflowId").asText()).isEqualTo(DRILL_PART);
    assertThat(runs.get(0).get("workflowType").asText()).isEqualTo("StoreDrillWorkflow");
    assertThat(runs.get(0).get("runbook").asText()).isEqualTo("dr-drill");
    assertThat(runs.get(0).get("status").asText()).isEqualTo("COMPLETED");
    assertThat(runs.get(0).get("parentWorkflowId").asText()).isEqualTo(DRILL);
    assertThat(runs.get(0).get("runId").asText()).matches("[0-9a-f-]{36}");
    assertThat(runs.get(0).get("closeTime").asText()).endsWith("Z");
  }

  @Test
  void anUnknownRunbookOrStateOrALimitBelowOneIsExitTwo() {
    assertThat(cli.run("list", "--runbook", "evidance")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err())
        .contains("edgerun: --runbook evidance is not a runbook (did you mean \"evidence\"? the runbooks: backup-verify,");

    cli.clear();
    assertThat(cli.run("list", "--status", "done")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err())
        .contains("--status done is not a state (the states: running, completed, failed, canceled, terminated,"
            + " continued-as-new, timed-out, paused)");

    cli.clear();
    assertThat(cli.run("list", "--status", "cancelled", "--limit", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--limit must be at least 1, got 0");
  }
}
