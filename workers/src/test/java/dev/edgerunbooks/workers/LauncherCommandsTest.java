package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.starters.cli.Edgerun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The commands the launcher adds to the starters' {@code edgerun} ({@code up}, {@code bench},
 * {@code evidence}, {@code bundle}, …), held to the CLI's rules as JsonFlagTest holds the starters'
 * own: a command that prints data takes {@code --json}.
 */
class LauncherCommandsTest {
  /** The launcher's commands without --json; each with why. */
  static final Map<String, String> WITHOUT_JSON = Map.of(
      "edgerun up", "runs the product in the foreground and logs; no data",
      "edgerun temporal-server", "runs Temporal's test server in the foreground; no data",
      "edgerun completion", "prints a shell script, to be sourced",
      "edgerun evidence", "a group: prints its usage",
      "edgerun bundle", "a group: prints its usage",
      // not yet: they print data as text only (docs/cli.md, --json)
      "edgerun bundle publish", "not yet: one line, the version published, the bucket and the key's fingerprint",
      "edgerun bench", "not yet: the figures as text",
      "edgerun bench restore-test", "not yet: the figures as text",
      "edgerun bench evidence", "not yet: the figures as text");

  /**
   * The commands of the launcher that the starters' CLI does not have, by the words that run them
   * (e.g. {@code edgerun bench evidence}): its top-level commands and their subcommands.
   */
  static Map<String, CommandSpec> launchersOwn() {
    PrintWriter none = new PrintWriter(new StringWriter());
    Map<String, CommandLine> starters = Edgerun.commandLine(none, none).getSubcommands();
    Map<String, CommandSpec> own = new LinkedHashMap<>();
    EdgerunMain.commandLine(none, none).getSubcommands().forEach((name, command) -> {
      if (!starters.containsKey(name)) {
        own.put("edgerun " + name, command.getCommandSpec());
        command.getSubcommands().forEach((sub, leaf) -> {
          assertThat(leaf.getSubcommands()).as("a third level: walk it too").isEmpty();
          own.put("edgerun " + name + " " + sub, leaf.getCommandSpec());
        });
      }
    });
    return own;
  }

  @Test
  void everyCommandOfTheLauncherThatPrintsDataTakesJson() {
    Map<String, CommandSpec> own = launchersOwn();
    assertThat(own).containsKeys("edgerun up", "edgerun evidence verify", "edgerun bench patch-wave", "edgerun completion");

    assertThat(own).containsKeys(WITHOUT_JSON.keySet().toArray(String[]::new));
    assertThat(own).allSatisfy((name, spec) -> {
      if (WITHOUT_JSON.containsKey(name)) {
        assertThat(spec.findOption("--json")).as(name + " has --json now: take it off WITHOUT_JSON").isNull();
      } else {
        assertThat(spec.findOption("--json")).as(name + " prints data without --json: add it, or list it in WITHOUT_JSON"
            + " saying why").isNotNull();
      }
    });
  }

  /** As HelpTest in starters holds the starters' commands: what a newcomer reads in --help. */
  @Test
  void everyCommandOfTheLauncherSaysWhatItDoesAndEveryOptionWhatItIs() {
    assertThat(launchersOwn()).allSatisfy((name, spec) -> {
      assertThat(spec.usageMessage().description()).as(name + " has no description").isNotEmpty();
      assertThat(spec.usageMessage().description()[0].strip())
          .as(name + ": the first line of its description, which the command lists show, is a sentence")
          .endsWith(".");
      spec.args().stream()
          .filter(arg -> !arg.hidden())
          .forEach(arg -> assertThat(String.join("", arg.description())).as(name + " " + arg).isNotBlank());
    });
  }
}
