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
  void progressBarFillsWithDoneStores() {
    assertThat(Output.bar(0, 0, 10)).isEqualTo("[----------] 0/0");
    assertThat(Output.bar(5, 20, 10)).isEqualTo("[###-------] 5/20");
    assertThat(Output.bar(20, 20, 10)).isEqualTo("[##########] 20/20");
  }
}
