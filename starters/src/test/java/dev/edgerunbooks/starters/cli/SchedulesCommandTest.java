package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgerun schedules} against Temporal's test server, which has no Schedules API: what the
 * embedded product shows. The committed schedules.yaml and fleet.yaml are the files.
 */
class SchedulesCommandTest {
  @RegisterExtension static final CliTestServer temporal = CliTestServer.start();

  static final String[] FILES = {"--fleet", "../runbooks/fleet.yaml", "--file", "../runbooks/schedules.yaml"};

  @TempDir Path dir;

  private final CliTestServer.Cli cli = temporal.cli();

  private int schedules(String... args) {
    String[] all = new String[args.length + FILES.length + 1];
    all[0] = "schedules";
    System.arraycopy(args, 0, all, 1, args.length);
    System.arraycopy(FILES, 0, all, 1 + args.length, FILES.length);
    return cli.run(all);
  }

  @Test
  void syncDryRunPrintsThePlanAgainstAnEmptyClusterAndSaysTheEmbeddedProductFiresThem() {
    int exit = schedules("sync", "--dry-run");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).contains("has no Schedules API").contains("fire in-process");
    assertThat(cli.out())
        .contains("plan of ../runbooks/schedules.yaml against an empty cluster: 6 to create, 0 to update, 0 to delete, 0 unchanged")
        .contains("create  edge/backup-verify-nightly  backup-verify, cron \"30 5 * * *\" Europe/Berlin")
        .contains("create  edge/evidence-nightly       evidence, calendar every day at 23:30 UTC")
        .contains("create  edge/dr-drill-quarterly     dr-drill, calendar jan, apr, jul, oct, days 8-14, tue at 09:00 Europe/Berlin")
        .contains("nothing changed: the embedded product has no Temporal Schedules");
  }

  @Test
  void syncDryRunJson() throws IOException {
    assertThat(schedules("sync", "--dry-run", "--json")).isEqualTo(ExitCodes.OK);

    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("schedulesApi").asBoolean()).isFalse();
    assertThat(json.get("steps")).hasSize(6);
    assertThat(json.get("steps").get(0).get("action").asText()).isEqualTo("create");
    assertThat(json.get("steps").get(0).get("scheduleId").asText()).isEqualTo("edge/backup-verify-nightly");
  }

  @Test
  void syncItselfHasNothingToDoAgainstTheTestServerAndSaysWhy() {
    assertThat(schedules("sync")).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(cli.err()).contains("has no Schedules API").contains("schedules sync --dry-run");
  }

  @Test
  void listShowsTheFilesSchedulesWithTheirNextTimes() throws IOException {
    assertThat(schedules("list")).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).contains("has no Schedules API");
    assertThat(cli.out()).contains("6 schedules in ../runbooks/schedules.yaml, fired in-process by the embedded product:")
        .containsPattern("backup-verify-nightly +backup-verify +cron \"30 5 \\* \\* \\*\" Europe/Berlin +\\d{4}-\\d\\d-\\d\\d 05:\\d\\d CES?T +in-process");
    cli.clear();

    assertThat(schedules("list", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("schedules")).hasSize(6);
    JsonNode drill = json.get("schedules").get(3);
    assertThat(drill.get("name").asText()).isEqualTo("dr-drill-quarterly");
    assertThat(drill.get("input").get("stores").get(0).asText()).isEqualTo("store-0001");
    assertThat(drill.get("pauseOnFailure").asBoolean()).isTrue();
    assertThat(drill.get("next")).hasSize(3);
  }

  @Test
  void theOtherCommandsSayTheEmbeddedProductHasNoScheduleToActOn() {
    for (String[] args : new String[][] {{"pause", "backup-verify-nightly"}, {"unpause", "backup-verify-nightly"},
        {"trigger", "evidence-nightly"}, {"backfill", "evidence-nightly", "--from", "2026-11-01", "--to", "2026-11-03"}}) {
      cli.clear();
      assertThat(schedules(args)).as(args[0]).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(cli.err()).as(args[0]).contains("has no Schedules API").contains("There is no Temporal Schedule edge/");
    }
  }

  @Test
  void aBrokenFileIsAUsageErrorWithFileLineAndFix() throws IOException {
    Path file = dir.resolve("schedules.yaml");
    Files.writeString(file, "schedules:\n  - {name: x, runbook: backup-verify, cron: \"0 0 30 2 *\", timeZone: Europe/Berlin}\n");

    int exit = cli.run("schedules", "sync", "--dry-run", "--fleet", "../runbooks/fleet.yaml", "--file", file.toString());

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("schedules.yaml:2:").contains("schedules[0].cron").contains("never fires");
  }

  @Test
  void aBackfillThatEndsBeforeItStartsIsRefused() {
    assertThat(schedules("backfill", "evidence-nightly", "--from", "2026-11-03", "--to", "2026-11-01")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--to 2026-11-01 is not after --from 2026-11-03");
    cli.clear();
    assertThat(schedules("backfill", "evidence-nightly", "--from", "yesterday", "--to", "2026-11-01")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--from \"yesterday\" is not a time");
  }

  @Test
  void withoutASubcommandItSaysWhatItTakes() {
    java.io.StringWriter err = new java.io.StringWriter();
    int exit = Edgerun.commandLine(new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true))
        .execute("schedules");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("edgerun schedules list|sync|pause|unpause|trigger|backfill");
  }

  @Test
  void anUnreachableTemporalIsUnavailable() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int exit = Edgerun.commandLine(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true))
        .execute("schedules", "list", FILES[0], FILES[1], FILES[2], FILES[3], "--address", "127.0.0.1:" + closed);

    assertThat(exit).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err.toString()).contains("cannot reach Temporal at 127.0.0.1:" + closed);
  }
}
