package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.starters.schedules.FakeScheduleClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

  /** {@code edgerun schedules args} against {@code cluster}, a Schedules API in memory; what it printed on stdout. */
  private int onCluster(FakeScheduleClient cluster, StringWriter out, String... args) {
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(new StringWriter(), true);
    CommandLine edgerun = Edgerun.commandLine(o, e);
    edgerun.getCommandSpec().removeSubcommand("schedules");
    edgerun.addSubcommand(new CommandLine(new SchedulesCommand(new Output(o, e), options -> cluster)));
    String[] all = new String[args.length + FILES.length + 1];
    all[0] = "schedules";
    System.arraycopy(args, 0, all, 1, args.length);
    System.arraycopy(FILES, 0, all, 1 + args.length, FILES.length);
    return temporal.edgerun(edgerun, all);
  }

  private static JsonNode json(StringWriter out) throws IOException {
    JsonNode json = new ObjectMapper().readTree(out.toString());
    out.getBuffer().setLength(0);
    return json;
  }

  @Test
  void onAClusterPauseUnpauseTriggerAndBackfillSayWhatTheyDidAsJson() throws IOException {
    FakeScheduleClient cluster = new FakeScheduleClient();
    StringWriter out = new StringWriter();
    assertThat(onCluster(cluster, out, "sync", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode synced = json(out);
    assertThat(synced.get("schedulesApi").asBoolean()).isTrue();
    assertThat(synced.get("steps")).hasSize(6).allMatch(step -> step.get("done").asBoolean());

    assertThat(onCluster(cluster, out, "pause", "backup-verify-nightly", "--note", "disk swap", "--json"))
        .isEqualTo(ExitCodes.OK);
    JsonNode paused = json(out);
    assertThat(paused.get("scheduleId").asText()).isEqualTo("edge/backup-verify-nightly");
    assertThat(paused.get("name").asText()).isEqualTo("backup-verify-nightly");
    assertThat(paused.get("action").asText()).isEqualTo("pause");
    assertThat(paused.get("note").asText()).isEqualTo("disk swap");
    assertThat(paused.get("result").asText()).isEqualTo("paused");
    assertThat(paused.get("temporal").asText()).startsWith("Temporal at 127.0.0.1:");
    assertThat(onCluster(cluster, out, "list", "--json")).isEqualTo(ExitCodes.OK);
    assertThat(json(out).get("schedules").get(0).get("state").asText()).isEqualTo("paused: disk swap");

    assertThat(onCluster(cluster, out, "unpause", "backup-verify-nightly", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode unpaused = json(out);
    assertThat(unpaused.get("action").asText()).isEqualTo("unpause");
    assertThat(unpaused.get("note").asText()).isEqualTo("unpaused with edgerun");

    assertThat(onCluster(cluster, out, "trigger", "evidence-nightly", "--json")).isEqualTo(ExitCodes.OK);
    JsonNode triggered = json(out);
    assertThat(triggered.get("action").asText()).isEqualTo("trigger");
    assertThat(triggered.get("result").asText()).isEqualTo("triggered: a run starts now");

    // evidence-nightly fires at 23:30 UTC: on the 1st and the 2nd
    assertThat(onCluster(cluster, out, "backfill", "evidence-nightly", "--from", "2026-11-01", "--to", "2026-11-03",
        "--json")).isEqualTo(ExitCodes.OK);
    JsonNode backfilled = json(out);
    assertThat(backfilled.get("action").asText()).isEqualTo("backfill");
    assertThat(backfilled.get("from").asText()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(backfilled.get("to").asText()).isEqualTo("2026-11-03T00:00:00Z");
    assertThat(backfilled.get("times").asInt()).isEqualTo(2);
    assertThat(cluster.calls).contains("pause edge/backup-verify-nightly", "unpause edge/backup-verify-nightly",
        "trigger edge/evidence-nightly", "backfill edge/evidence-nightly 2026-11-01T00:00:00Z..2026-11-03T00:00:00Z");

    // without --json, a line; a schedule not on the cluster is exit 4 and prints no JSON
    assertThat(onCluster(cluster, out, "trigger", "evidence-nightly")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("edge/evidence-nightly triggered: a run starts now\n");
    out.getBuffer().setLength(0);
    assertThat(onCluster(cluster, out, "pause", "no-such-schedule", "--json")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(out.toString()).isEmpty();
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
