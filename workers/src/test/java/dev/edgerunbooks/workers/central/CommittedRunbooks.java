package dev.edgerunbooks.workers.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.runbooks.drdrill.DrDrillDefinition;
import dev.edgerunbooks.runbooks.drdrill.DrDrillLoader;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.probes.ProbesDefinition;
import dev.edgerunbooks.runbooks.probes.ProbesLoader;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestDefinition;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestLoader;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The runbook files committed under {@code runbooks/}, as the plan tests read them. */
final class CommittedRunbooks {
  static final Path DIR = Path.of("..", "runbooks");

  static final FleetDefinition FLEET = FleetLoader.load(DIR.resolve("fleet.yaml"));
  static final ProbesDefinition PROBES = ProbesLoader.load(DIR.resolve(ProbesLoader.FILE_NAME));
  static final RestoreTestDefinition RESTORE_TEST = RestoreTestLoader.load(DIR.resolve(RestoreTestLoader.FILE_NAME));
  static final DrDrillDefinition DR_DRILL = DrDrillLoader.load(DIR.resolve(DrDrillLoader.FILE_NAME));

  private CommittedRunbooks() {}

  static String text(String fileName) {
    try {
      return Files.readString(DIR.resolve(fileName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The non-retryable failure {@code call} throws, checked to be of {@code type}. */
  static ApplicationFailure nonRetryable(String type, ThrowingCallable call) {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, call);
    assertThat(failure).as("an ApplicationFailure").isNotNull();
    assertThat(failure.getType()).isEqualTo(type);
    assertThat(failure.isNonRetryable()).isTrue();
    return failure;
  }
}
