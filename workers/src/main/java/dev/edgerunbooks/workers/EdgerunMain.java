package dev.edgerunbooks.workers;

import dev.edgerunbooks.starters.cli.Edgerun;
import java.io.PrintWriter;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;

/** The {@code edgerun} launcher: the CLI of the starters module plus the commands that run workers. */
public final class EdgerunMain {
  private EdgerunMain() {}

  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine root = Edgerun.commandLine(out, err);
    root.addSubcommand(new CommandLine(new UpCommand()));
    root.addSubcommand(new CommandLine(new TemporalServerCommand()));
    root.addSubcommand(new CommandLine(new AuditEvidenceCommand()));
    root.addSubcommand(new CommandLine(new BundleCommand()));
    root.addSubcommand(
        new CommandLine(new BenchCommand(out))
            .addSubcommand(new CommandLine(new RestoreTestBenchCommand(out)))
            .addSubcommand(new CommandLine(new EvidenceBenchCommand(out)))
            .addSubcommand(new CommandLine(new PatchWaveBenchCommand(out))));
    // bash/zsh completion of every command and option: source <(edgerun completion)
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion.getCommandSpec().usageMessage()
        .hidden(false)
        .description("Print a bash/zsh completion script for edgerun.", "Load it with: source <(./edgerun completion)");
    root.addSubcommand("completion", completion);
    // subcommands added after the starters' CLI set its streams would print to System.out otherwise
    root.setOut(out);
    root.setErr(err);
    return root;
  }

  public static void main(String[] args) {
    if (args.length == 0 || !Set.of("up", "bench", "temporal-server").contains(args[0])) {
      System.setProperty("logback.configurationFile", "edgerun-cli-logback.xml");
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    if (code != UpCommand.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
