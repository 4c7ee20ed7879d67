package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code edgerun bench patch-wave} on a tiny fleet: it patches every store wave by wave and prints its figures. */
class PatchWaveBenchCommandTest {
  private static final int STORES = 8;
  private static final String BUNDLE = PatchWaveBenchCommand.BUNDLE;

  @Test
  void wavesAreCappedByTheFleet() {
    assertThat(PatchWaveBenchCommand.waves(3)).extracting(PatchWaveBenchCommand.Wave::stores).containsExactly(3);
    assertThat(PatchWaveBenchCommand.waves(8)).extracting(PatchWaveBenchCommand.Wave::stores).containsExactly(5, 3);
    assertThat(PatchWaveBenchCommand.waves(500)).extracting(PatchWaveBenchCommand.Wave::stores).containsExactly(5, 50, 200, 245);
    assertThat(PatchWaveBenchCommand.waves(5000)).extracting(PatchWaveBenchCommand.Wave::concurrency).containsExactly(5, 50, 100, 200);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void patchesEveryStoreAndPrintsItsFigures() {
    String text = bench("bench", "patch-wave", "--stores", String.valueOf(STORES), "--runbooks", "../runbooks");

    assertThat(text)
        .contains("patch-wave benchmark: " + STORES + " stores, lab time scale 0, bundle " + BUNDLE)
        .contains("no host packages")
        .contains("canary 5 x5, rest 3 x50")
        .contains("status                                             COMPLETED");
    assertThat(figure(text, "start-up \\(.*\\) +(\\d+\\.\\d) s")).isPositive();
    assertThat(figure(text, "wall time \\(.*\\) +(\\d+\\.\\d) s")).isPositive();
    assertThat(figure(text, "outcomes +(\\d+) patched, 0 already current, 0 skipped, 0 failed")).isEqualTo(STORES);
    assertThat(figure(text, "stores whose guests all run " + BUNDLE + " +(\\d+) of " + STORES)).isEqualTo(STORES);
    // two fleet runs (one per wave), one batch per wave plus its release batch, store workflows: all small
    assertThat(figure(text, "largest workflow history +(\\d+) events \\(patch")).isBetween(10.0, 500.0);
    assertThat(text).containsPattern("fleet workflow, a run per wave +\\d+, \\d+ events");
    assertThat(figure(text, "largest of (\\d+) batch workflows")).isEqualTo(4);
    assertThat(figure(text, "largest of a sample of (\\d+) store workflows")).isEqualTo(STORES);
    assertThat(figure(text, "peak heap during the run +(\\d+) MiB")).isPositive();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void printsTheFiguresAsJson() throws Exception {
    JsonNode f = EndToEnd.JSON.readTree(bench("bench", "patch-wave", "--stores", "3", "--runbooks", "../runbooks", "--json"));

    assertThat(f.path("stores").asInt()).isEqualTo(3);
    assertThat(f.path("hostPackages").asInt()).isZero();
    assertThat(f.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(f.path("outcomes").path("patched").asInt()).isEqualTo(3);
    assertThat(f.path("storesOnBundle").asInt()).isEqualTo(3);
    assertThat(f.path("wallSeconds").asDouble()).isPositive();
    assertThat(f.path("waves")).hasSize(1);
    assertThat(f.path("waves").get(0).path("gate").asText()).isEqualTo("PASS");
    assertThat(f.path("fleetRuns")).hasSize(1);
    assertThat(f.path("largestHistory").path("events").asInt()).isPositive();
    assertThat(f.path("largestHistory").path("workflowId").asText()).startsWith("patch");
    assertThat(f.path("peakHeapMiB").asLong()).isPositive();
  }

  private static String bench(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = EdgerunMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    assertThat(exit).as(out + "\n" + err).isZero();
    return out.toString();
  }

  private static double figure(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in\n" + text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
