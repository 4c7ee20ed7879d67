package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.runbooks.RunbookValidationException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runbook files as the runtime reads them: a file that does not load stops the start with the
 * loader's message; one that loads but does not fit the fleet (a role missing from the DR drill's
 * boot order) is refused when a run is planned, and the CLI says which file and which role.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@ActiveProfiles("embedded")
class RunbookFilesEndToEndTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final Path RUNBOOKS = EndToEnd.runbooksCopy();

  static {
    EndToEnd.edit(RUNBOOKS.resolve("dr-drill.yaml"), "bootOrder: [dns, tokenization, inventory, cache, pos, monitoring]",
        "bootOrder: [dns, tokenization, inventory, pos, monitoring]");
  }

  @DynamicPropertySource
  static void embeddedOnFreePorts(DynamicPropertyRegistry registry) {
    registry.add("edge.embedded.temporal-port", () -> E2E.temporalPort);
    registry.add("edge.embedded.s3-port", () -> 0);
    registry.add("edge.embedded.lab-base-port", () -> 0);
    registry.add("edge.embedded.lab-admin-port", () -> 0);
    registry.add("edge.embedded.lab-time-scale", () -> 0);
    registry.add("edge.embedded.data-dir", E2E.data::toString);
    registry.add("edge.runbooks-dir", RUNBOOKS::toString);
  }

  @Autowired Lab lab;

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aDrillOfAStoreWithARoleOutsideTheBootOrderIsRefusedNamingTheFileAndRole() {
    Map<String, Integer> startsBefore = startsOnStaging();
    String file = RUNBOOKS.resolve("dr-drill.yaml").toString();

    for (String[] args : new String[][] {
        {"run", "dr-drill", "--store", "store-0001", "--dry-run"},
        {"run", "dr-drill", "--store", "store-0001", "--wait"}}) {
      int exit = E2E.edgerun(args);

      assertThat(exit).as(String.join(" ", args) + "\n" + E2E.err).isEqualTo(2);
      assertThat(E2E.err.toString())
          .contains("refused before anything started")
          .contains(file + ":")
          .contains("role \"cache\" is not in the boot order")
          .contains("add \"cache\" to bootOrder in " + file);
      assertThat(E2E.out.toString()).isEmpty();
    }
    assertThat(startsOnStaging()).as("nothing touched a staging cluster").isEqualTo(startsBefore);
    assertThat(lab.inspect("staging-eu-central").guests()).isEmpty();
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aRunbookFileThatDoesNotLoadStopsTheStartWithTheLoadersMessage() {
    Path broken = EndToEnd.runbooksCopy();
    EndToEnd.edit(broken.resolve("restore-test.yaml"), "capacity: 4", "capacity: 400");
    EndToEnd.edit(broken.resolve("probes.yaml"), "timeout: 3m", "timeout: 3 minutes");

    Throwable failure = catchThrowable(() -> start("embedded", broken, embeddedOnFreePorts()));

    assertThat(failure).isNotNull();
    RunbookValidationException cause = rootCause(failure, RunbookValidationException.class);
    assertThat(cause.getMessage())
        .as("every file's problems, each with file, line and fix")
        .contains(broken.resolve("restore-test.yaml") + ":")
        .contains("capacity 400 is more than the 100 VMIDs of vmidRange 9000-9099")
        .contains(broken.resolve("probes.yaml") + ":")
        .contains("3 minutes");
    assertThat(new RunbookFailureAnalyzer().analyze(failure).getDescription()).isEqualTo(cause.getMessage());
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void theClusterProfileRequiresASigningKey() {
    Throwable failure =
        catchThrowable(() -> start("cluster", EndToEnd.COMMITTED_RUNBOOKS,
            "--edge.fleet-file=" + EndToEnd.COMMITTED_RUNBOOKS.resolve("fleet.yaml"),
            "--spring.temporal.connection.target=127.0.0.1:" + EndToEnd.freePort()));

    assertThat(failure).isNotNull();
    assertThat(rootCause(failure, IllegalStateException.class).getMessage())
        .contains("edge.signing.key-file (EDGE_SIGNING_KEY_FILE) is not set")
        .contains("openssl genpkey");
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aSiteWorkerForARegionWithoutStagingIsRefused() {
    Throwable failure =
        catchThrowable(() -> start("site", EndToEnd.COMMITTED_RUNBOOKS,
            "--edge.fleet-file=" + EndToEnd.COMMITTED_RUNBOOKS.resolve("fleet.yaml"),
            "--edge.staging-regions=eu-north",
            "--spring.temporal.connection.target=127.0.0.1:" + EndToEnd.freePort()));

    assertThat(failure).isNotNull();
    assertThat(rootCause(failure, IllegalStateException.class).getMessage())
        .contains("region \"eu-north\"")
        .contains("eu-central");
  }

  private static String[] embeddedOnFreePorts() {
    return new String[] {
      "--edge.embedded.temporal-port=" + EndToEnd.freePort(),
      "--edge.embedded.s3-port=0",
      "--edge.embedded.lab-base-port=0",
      "--edge.embedded.lab-admin-port=0",
      "--edge.embedded.lab-stores=4",
      "--edge.embedded.data-dir=" + EndToEnd.tempDir("edge-start"),
    };
  }

  private static void start(String profile, Path runbooks, String... args) {
    SpringApplication app = new SpringApplication(EdgeRunbooksApplication.class);
    app.setAdditionalProfiles(profile);
    String[] all = new String[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--edge.runbooks-dir=" + runbooks;
    app.run(all).close();
  }

  private static <T extends Throwable> T rootCause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
  }

  private Map<String, Integer> startsOnStaging() {
    Map<String, Integer> starts = new TreeMap<>();
    lab.stagingIds().forEach(id -> starts.put(id, lab.inspect(id).starts().size()));
    return starts;
  }
}
