package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and a missing Temporal are refused with one clear line and a documented exit code. */
class EdgerunInputTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int edgerun(String... args) {
    return Edgerun.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void aMalformedFleetFileIsRefusedWithFileLineAndFieldBeforeConnecting() throws IOException {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, "fleet: edge-lab\nstores:\n  - id: store-0001\n    region: nowhere\n    colour: blue\n");

    int exit = edgerun("run", "backup-verify", "--fleet", fleet.toString(), "--address", "127.0.0.1:1");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("fleet.yaml:5:5")
        .contains("stores[0].colour")
        .doesNotContain("cannot reach Temporal");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnreachableTemporalSaysWhereItLookedAndWhatToDo() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    int exit =
        edgerun(
            "run", "backup-verify", "--fleet", dir.resolve("absent.yaml").toString(),
            "--address", "127.0.0.1:" + closedPort);

    assertThat(exit).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err.toString())
        .contains("cannot reach Temporal at 127.0.0.1:" + closedPort)
        .contains("./edgerun up");
  }

  @Test
  void aZeroConcurrencyIsRefused() {
    assertThat(edgerun("run", "backup-verify", "--concurrency", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--concurrency must be at least 1");
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    assertThat(edgerun("run", "backup-verify", "--stors", "store-0001")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--stors");
  }

  @Test
  void aMalformedWeekIsRefusedBeforeConnecting() {
    assertThat(edgerun("run", "restore-test", "--week", "2026-48", "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--week \"2026-48\" is not an ISO week; write an ISO week as YYYY-Www, e.g. 2026-W48")
        .doesNotContain("cannot reach Temporal");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aWeekTheYearDoesNotHaveIsRefused() {
    assertThat(edgerun("run", "restore-test", "--week", "2025-W53", "--dry-run", "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--week 2025-W53 does not exist: 2025 has ISO weeks W01 to W52");
  }

  @Test
  void anUnknownStoreIsRefusedWithTheClosestIdBeforeARestoreTestStarts() throws IOException {
    int exit =
        edgerun(
            "run", "restore-test", "--stores", "store-0001,stroe-0002", "--fleet", twoStoreFleet(),
            "--address", "127.0.0.1:1");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("unknown store in fleet edge-lab: \"stroe-0002\" (did you mean \"store-0002\"?)")
        .doesNotContain("cannot reach Temporal");
  }

  @Test
  void anUnknownStoreIsRefusedBeforeADrillStartsEvenADryRun() throws IOException {
    int exit =
        edgerun(
            "run", "dr-drill", "--store", "store-0001", "--store", "store-001", "--dry-run",
            "--fleet", twoStoreFleet(), "--address", "127.0.0.1:1");

    assertThat(exit).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("\"store-001\" (did you mean \"store-0001\"?)")
        .doesNotContain("cannot reach Temporal");
  }

  @Test
  void aDrillWithoutAStoreIsAUsageError() {
    assertThat(edgerun("run", "dr-drill", "--address", "127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--store=STORE'");
  }

  @Test
  void knownStoresGetAsFarAsTemporal() throws IOException {
    String fleet = twoStoreFleet();

    assertThat(edgerun("run", "dr-drill", "--store", "store-0002", "--fleet", fleet, "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(edgerun("run", "restore-test", "--stores", "store-0001", "--week", "2026-w48", "--fleet", fleet,
            "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(err.toString()).contains("cannot reach Temporal at 127.0.0.1:1");
  }

  @Test
  void aMalformedEvidenceDateIsRefusedBeforeConnecting() {
    assertThat(edgerun("run", "evidence", "--date", "2026-11-31", "--dry-run", "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--date 2026-11-31 does not exist; write a date as YYYY-MM-DD, e.g. 2026-11-24")
        .doesNotContain("cannot reach Temporal");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnknownStoreOrAZeroConcurrencyIsRefusedBeforeEvidenceStarts() throws IOException {
    String fleet = twoStoreFleet();

    assertThat(edgerun("run", "evidence", "--stores", "store-0003", "--fleet", fleet, "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(edgerun("run", "evidence", "--concurrency", "0", "--fleet", fleet, "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("unknown store in fleet edge-lab: \"store-0003\"")
        .contains("--concurrency must be at least 1, got 0")
        .doesNotContain("cannot reach Temporal");

    assertThat(edgerun("run", "evidence", "--stores", "store-0002", "--fleet", fleet, "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void aMalformedBundleVersionIsRefusedBeforeConnecting() {
    assertThat(edgerun("run", "patch-wave", "--bundle", "v2026.12", "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(
            edgerun("run", "rollback-store", "--store", "store-0001", "--to", "last-good", "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--bundle \"v2026.12\" is not a bundle version; write it as numbers separated by dots with an"
            + " optional -suffix, e.g. 2026.12.0 or 2026.12.1-rc1")
        .contains("--to \"last-good\" is not a bundle version")
        .doesNotContain("cannot reach Temporal");
  }

  @Test
  void anUnknownStoreOrNodeIsRefusedBeforeAnIncidentRunbookStarts() throws IOException {
    String fleet = twoStoreFleet();

    assertThat(edgerun("run", "evacuate-node", "--store", "store-0001", "--node", "pve3", "--fleet", fleet,
        "--address", "127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(edgerun("run", "rollback-store", "--store", "store-0009", "--to", "2026.11.0", "--fleet", fleet,
        "--address", "127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(edgerun("run", "patch-wave", "--bundle", "2026.12.0", "--stores", "store-0003", "--fleet", fleet,
        "--address", "127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("store-0001 has no node \"pve3\" (did you mean \"pve1\"? its nodes: pve1, pve2)")
        .contains("unknown store in fleet edge-lab: \"store-0009\"")
        .contains("unknown store in fleet edge-lab: \"store-0003\"")
        .doesNotContain("cannot reach Temporal");
  }

  @Test
  void anAbortWithoutReasonAndAWatchWithABadIntervalAreUsageErrors() {
    assertThat(edgerun("abort", "2026.12.0", "--address", "127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(edgerun("watch", "2026.12.0", "--interval", "often", "--address", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(edgerun("approve", "2026.12.0", "--as", " ", "--address", "127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("Missing required option: '--reason=TEXT'")
        .contains("--interval \"often\" is not a duration")
        .contains("--as needs a name")
        .doesNotContain("cannot reach Temporal");
  }

  private String twoStoreFleet() throws IOException {
    return TestFleets.twoStores(dir);
  }

  @Test
  void progressBarFillsWithDoneStores() {
    assertThat(Output.bar(0, 0, 10)).isEqualTo("[----------] 0/0");
    assertThat(Output.bar(5, 20, 10)).isEqualTo("[###-------] 5/20");
    assertThat(Output.bar(20, 20, 10)).isEqualTo("[##########] 20/20");
  }
}
