package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command of {@code edgerun} that prints data takes {@code --json}, so a script never has to
 * parse the text meant for people. The test walks the whole command tree: a command without
 * {@code --json} must be exempt below, with why. The commands the workers' launcher adds are
 * checked the same way by its own test (LauncherCommandsTest in workers).
 */
class JsonFlagTest {
  /** The commands that print no data, so there is nothing for --json to shape; each with why. */
  static final Map<String, String> EXEMPT = Map.of(
      "edgerun", "the root: without a command it is a usage error that prints its usage",
      "edgerun help", "picocli's help command prints usage text, as --help does",
      "edgerun run", "a group: 'run' alone is a usage error that lists the runbooks",
      "edgerun history", "a group: 'history' alone is a usage error naming 'export'",
      "edgerun schedules", "a group: 'schedules' alone is a usage error naming its subcommands");

  static final Map<String, CommandSpec> EDGERUN = CommandTree.edgerun();

  @Test
  void everyCommandThatPrintsDataTakesJson() {
    List<String> without = EDGERUN.entrySet().stream()
        .filter(command -> !EXEMPT.containsKey(command.getKey()))
        .filter(command -> command.getValue().findOption("--json") == null)
        .map(Map.Entry::getKey)
        .toList();

    assertThat(without)
        .as("commands that print data without --json: add it (or exempt the command in JsonFlagTest, saying why)")
        .isEmpty();
  }

  @Test
  void theExemptCommandsExistAndLackJsonSoTheListDoesNotRot() {
    assertThat(EDGERUN).containsKeys(EXEMPT.keySet().toArray(String[]::new));
    EXEMPT.keySet().forEach(name -> assertThat(EDGERUN.get(name).findOption("--json")).as(name).isNull());
  }

  @Test
  void theWalkReachesTheLeavesOfTheTree() {
    assertThat(EDGERUN)
        .containsKeys("edgerun run backup-verify", "edgerun run token-rotation", "edgerun schedules backfill",
            "edgerun history export", "edgerun approve", "edgerun abort", "edgerun list", "edgerun rerun");
  }
}
