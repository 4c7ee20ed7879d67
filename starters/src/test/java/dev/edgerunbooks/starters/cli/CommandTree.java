package dev.edgerunbooks.starters.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Every command of {@code edgerun}, by the words that run it, for the tests that hold them all to a rule. */
final class CommandTree {
  private CommandTree() {}

  /** {@code edgerun}'s commands: {@code edgerun}, {@code edgerun run}, {@code edgerun run backup-verify}, … */
  static Map<String, CommandSpec> edgerun() {
    PrintWriter none = new PrintWriter(new StringWriter());
    return of("edgerun", Edgerun.commandLine(none, none).getCommandSpec());
  }

  /** {@code spec} as {@code path} and every command under it, e.g. {@code edgerun schedules pause}. */
  static Map<String, CommandSpec> of(String path, CommandSpec spec) {
    Map<String, CommandSpec> all = new LinkedHashMap<>();
    all.put(path, spec);
    spec.subcommands().forEach((name, sub) -> all.putAll(of(path + " " + name, sub.getCommandSpec())));
    return all;
  }
}
