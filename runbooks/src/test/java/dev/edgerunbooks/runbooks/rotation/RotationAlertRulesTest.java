package dev.edgerunbooks.runbooks.rotation;

import static dev.edgerunbooks.runbooks.RunbookTests.committed;
import static dev.edgerunbooks.runbooks.RunbookTests.committedFleet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code alerts/rotation.rules.yml} checked and unit-tested by Prometheus' own {@code promtool} (Debian's
 * {@code prometheus} package), and its thresholds in step with the committed {@code rotation.yaml}.
 */
class RotationAlertRulesTest {
  static final Path RULES = committed("alerts/rotation.rules.yml");
  static final Path RULE_TESTS = committed("alerts/rotation.rules.test.yml");

  @Test
  void promtoolFindsTheRulesValid() {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS: 9 rules found");
  }

  /** The warning at 21 days and the critical at 7 fire for synthetic series, and not for a fresh certificate. */
  @Test
  void promtoolUnitTestsPass() {
    assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
  }

  @Test
  void theWarningIsAtTheCommittedEscalateBefore() throws IOException {
    CertPolicy policy = RotationLoader.load(committed(RotationLoader.FILE_NAME), committedFleet()).certificates();
    JsonNode warning = rule("EdgeCertificateExpiresSoon");

    assertThat(warning.path("expr").asText()).contains("< " + policy.escalateBefore().toDays() + " * 86400");
    assertThat(warning.path("annotations").path("description").asText())
        .contains("due since " + policy.renewBefore().toDays() + " days before its expiry");
  }

  private static JsonNode rule(String alert) throws IOException {
    JsonNode groups = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).path("groups");
    return StreamSupport.stream(groups.spliterator(), false)
        .flatMap(g -> StreamSupport.stream(g.path("rules").spliterator(), false))
        .filter(r -> r.path("alert").asText().equals(alert))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + alert + " in " + RULES));
  }

  /** promtool's output when it exits 0; fails naming its output otherwise. */
  private static String promtool(String... args) {
    Path binary = onPath("promtool").orElseGet(RotationAlertRulesTest::missing);
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not end within 60 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(String.join(" ", command) + " said:\n" + output).isZero();
      return output;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + binary, e);
    }
  }

  private static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }

  /** Fails under CI, which must run these tests (.ci/run installs prometheus); skips elsewhere. */
  private static Path missing() {
    String why = "promtool is not on the PATH: the alert rules are checked by Prometheus' own tool"
        + " (Debian's package: apt-get install prometheus)";
    if (System.getenv("CI") != null) {
      fail(why + "; CI must run this test");
    }
    Assumptions.abort(why);
    return null;
  }
}
