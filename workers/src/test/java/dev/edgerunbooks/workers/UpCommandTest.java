package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UpCommandTest {

  private static UpCommand parse(String... args) {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs(args);
    return up;
  }

  @Test
  void theFirstRunIsOnByDefaultAndNoFirstRunSkipsIt() {
    assertThat(parse().firstRun).isTrue();
    assertThat(parse("--no-first-run").firstRun).isFalse();
    assertThat(parse("--first-run").firstRun).isTrue();
  }
}
