package dev.edgerunbooks.activities.drdrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandNodeProvisionerTest {
  @TempDir Path dir;
  final AtomicInteger heartbeats = new AtomicInteger();

  @Test
  void placeholdersAreReplacedInEveryArgumentWithoutAShell() throws Exception {
    Path out = dir.resolve("called");
    CommandNodeProvisioner provisioner = new CommandNodeProvisioner(
        List.of("sh", "-c", "echo \"$1 $2\" > \"$0\"", out.toString(), "--site={site}", "{node}.{site}.lab"),
        Duration.ofSeconds(10));

    provisioner.reinstall("staging-eu", "stg2; rm -rf /", Duration.ofSeconds(10), heartbeats::incrementAndGet);

    assertThat(Files.readString(out).strip()).isEqualTo("--site=staging-eu stg2; rm -rf /.staging-eu.lab");
    assertThat(provisioner.argv("s", "n")).containsExactly("sh", "-c", "echo \"$1 $2\" > \"$0\"", out.toString(), "--site=s", "n.s.lab");
  }

  @Test
  void aNonZeroExitIsANonRetryableFailureWithTheOutputsTail() {
    StringBuilder script = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      script.append("echo step ").append(i).append("; ");
    }
    script.append("echo 'BMC refused power cycle' >&2; exit 3");
    CommandNodeProvisioner provisioner = new CommandNodeProvisioner(List.of("sh", "-c", script.toString()), Duration.ofSeconds(10));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> provisioner.reinstall("staging-eu", "stg1", Duration.ofSeconds(10), heartbeats::incrementAndGet));

    assertThat(failure.getType()).isEqualTo(FailureTypes.PROVISIONING_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("reinstall of node stg1 of staging-eu")
        .contains("exited with 3")
        .contains("step 30 | BMC refused power cycle")
        .doesNotContain("step 10 |");
  }

  @Test
  void aCommandPastItsTimeoutIsKilledAndHeartbeatsWhileItRuns() {
    CommandNodeProvisioner provisioner = new CommandNodeProvisioner(List.of("sh", "-c", "echo waiting for PXE; sleep 30"), Duration.ofMillis(1500));
    long started = System.nanoTime();

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> provisioner.reinstall("staging-eu", "stg1", Duration.ofMinutes(10), heartbeats::incrementAndGet));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(failure.getType()).isEqualTo(FailureTypes.PROVISIONING_FAILED);
    assertThat(failure.getOriginalMessage()).contains("did not finish within PT1.5S").contains("waiting for PXE");
    assertThat(heartbeats.get()).isPositive();
  }

  @Test
  void theCallersShorterTimeoutWins() {
    CommandNodeProvisioner provisioner = new CommandNodeProvisioner(List.of("sleep", "30"), Duration.ofMinutes(30));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> provisioner.reinstall("staging-eu", "stg1", Duration.ofMillis(1200), heartbeats::incrementAndGet));

    assertThat(failure.getOriginalMessage()).contains("did not finish within PT1.2S");
  }

  @Test
  void aProgramThatCannotStartIsNamed() {
    CommandNodeProvisioner provisioner = new CommandNodeProvisioner(List.of(dir.resolve("no-such-tool").toString()), Duration.ofSeconds(5));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> provisioner.reinstall("staging-eu", "stg1", Duration.ofSeconds(5), heartbeats::incrementAndGet));

    assertThat(failure.getType()).isEqualTo(FailureTypes.PROVISIONING_FAILED);
    assertThat(failure.getOriginalMessage()).contains("could not start").contains("no-such-tool");
  }
}
