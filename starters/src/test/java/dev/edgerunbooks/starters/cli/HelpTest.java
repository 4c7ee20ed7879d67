package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The bar of {@code edgerun --help}: a newcomer can list, start, watch, approve and abort a run with
 * it alone. Its first steps come first, every command line it shows parses as edgerun parses it,
 * its exit codes are the CLI's, and every command and option says what it is.
 */
class HelpTest {
  /** A command line the help shows: indented, starting with {@code edgerun}. */
  private static final Pattern EXAMPLE = Pattern.compile("^ +edgerun (.+)$", Pattern.MULTILINE);
  /** A word of a command line: "a quoted text" or a word. */
  private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

  private static String help() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Edgerun.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("--help");
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  /** The words of {@code line} as a shell would split them. */
  private static String[] words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words.toArray(String[]::new);
  }

  private static List<String> examples(String help) {
    List<String> examples = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(help);
    while (m.find()) {
      examples.add(m.group(1));
    }
    return examples;
  }

  @Test
  void theHelpLeadsWithFirstStepsToListStartWatchApproveAndAbortARun() {
    String help = help();

    assertThat(help.indexOf("First steps.")).isPositive().isLessThan(help.indexOf("Commands:"))
        .isLessThan(help.indexOf("--help"));
    String firstSteps = help.substring(help.indexOf("First steps."), help.indexOf("  -h, --help"));
    assertThat(firstSteps)
        .contains("'edgerun up'")
        .contains("    edgerun list --status running\n")
        .contains("    edgerun run backup-verify --wait\n")
        .contains("    edgerun run patch-wave --bundle 2026.12.0 --as alice\n")
        .contains("    edgerun watch patch-wave/2026.12.0\n")
        .contains("    edgerun approve patch-wave/2026.12.0 --wave 1 --as bob\n")
        .contains("    edgerun abort patch-wave/2026.12.0 --reason \"vendor incident\"\n")
        .contains("    edgerun status backup-verify/2026-11-24T020000Z\n");
  }

  @Test
  void everyCommandLineTheHelpShowsParsesAsEdgerunParsesIt() {
    List<String> examples = examples(help());

    assertThat(examples).hasSizeGreaterThan(15);
    PrintWriter none = new PrintWriter(new StringWriter());
    for (String example : examples) {
      CommandLine edgerun = Edgerun.commandLine(none, none);
      assertThatCode(() -> {
        CommandLine.ParseResult parsed = edgerun.parseArgs(words(example));
        assertThat(parsed.hasSubcommand()).as("names a command").isTrue();
      }).as("edgerun " + example).doesNotThrowAnyException();
    }
  }

  @Test
  void theExitCodesAreTheClis() {
    String help = help();

    assertThat(help)
        .contains("Exit codes:\n")
        .contains("  " + ExitCodes.OK + "  done;")
        .contains("  " + ExitCodes.PROBLEMS_FOUND + "  the run found problems")
        .contains("  " + ExitCodes.USAGE + "  bad input, nothing was started; or the run refused an approve")
        .contains("  " + ExitCodes.UNAVAILABLE + "  Temporal cannot be reached")
        .contains("  " + ExitCodes.NOT_FOUND + "  no such run");
  }

  @Test
  void theHelpFitsEightyColumnsSoNoCommandLineIsWrapped() {
    assertThat(help().lines().filter(line -> line.length() > 80)).isEmpty();
  }

  @Test
  void everyCommandSaysWhatItDoesInItsFirstSentenceAndEveryOptionWhatItIs() {
    List<String> missing = new ArrayList<>();
    CommandTree.edgerun().forEach((name, spec) -> {
      String[] description = spec.usageMessage().description();
      if (description.length == 0 || !description[0].strip().endsWith(".")) {
        missing.add(name + ": its description's first line, the one the command lists show, is not a sentence");
      }
      spec.args().stream()
          .filter(arg -> !arg.hidden() && String.join("", arg.description()).isBlank())
          .forEach(arg -> missing.add(name + ": " + label(arg) + " has no description"));
    });

    assertThat(missing).isEmpty();
  }

  private static String label(ArgSpec arg) {
    return arg instanceof CommandLine.Model.OptionSpec option ? option.longestName() : arg.paramLabel();
  }

  @Test
  void withoutACommandEdgerunPrintsItsUsage() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = Edgerun.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute();

    assertThat(out + "" + err).contains("First steps.");
    assertThat(exit).isEqualTo(ExitCodes.USAGE);
  }

  /** The tree the help walks is the whole tree: a group's commands too. */
  @Test
  void theTreeHasTheGroupsCommands() {
    assertThat(CommandTree.edgerun().keySet()).contains("edgerun schedules backfill", "edgerun history export");
    CommandSpec root = CommandTree.edgerun().get("edgerun");
    assertThat(root.subcommands()).containsKeys("run", "list", "watch", "approve", "abort");
  }
}
