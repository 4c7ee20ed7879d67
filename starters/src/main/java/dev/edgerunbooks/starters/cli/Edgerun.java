package dev.edgerunbooks.starters.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edgerun} command line. The workers module adds {@code up} (it owns the runtime); every
 * other command only talks to Temporal and reads the runbook files.
 */
@Command(
    name = "edgerun",
    mixinStandardHelpOptions = true,
    version = "edgerun 0.1.0",
    description = {
      "Operations runbooks for an edge fleet of Proxmox VE stores, run durably on Temporal.",
      "",
      "First steps. Start the embedded product with 'edgerun up' (it stays in the",
      "foreground), then in another terminal:",
      "  List the runs, newest first; --status running shows those going on now:",
      "    edgerun list --status running",
      "  Start a run. It prints the run's id; --wait follows it to its summary:",
      "    edgerun run backup-verify --wait",
      "  Start a patch wave of a bundle CI published ('edgerun bundle publish'):",
      "    edgerun run patch-wave --bundle 2026.12.0 --as alice",
      "  Watch a run live until it ends (Ctrl-C stops the watching, not the run):",
      "    edgerun watch patch-wave/2026.12.0",
      "  Approve the wave that waits (an approver the plan names, not the initiator):",
      "    edgerun approve patch-wave/2026.12.0 --wave 1 --as bob",
      "  Abort a patch wave; its stores in flight and this wave's are rolled back:",
      "    edgerun abort patch-wave/2026.12.0 --reason \"vendor incident\"",
      "  Where any run stands, or its summary once it is done:",
      "    edgerun status backup-verify/2026-11-24T020000Z",
      "  What a command does and takes:",
      "    edgerun run backup-verify --help",
      ""
    },
    footer = {
      "",
      "More examples:",
      "    edgerun run restore-test --dry-run",
      "    edgerun run dr-drill --store store-0001 --wait",
      "    edgerun run evidence --dry-run",
      "    edgerun run cert-rotation --dry-run",
      "    edgerun run token-rotation --stores store-0001 --wait",
      "    edgerun pause patch-wave/2026.12.0 --reason \"POS latency\" --as bob",
      "    edgerun resume patch-wave/2026.12.0 --as bob",
      "    edgerun schedules list",
      "    edgerun replay evidence/2026-11-24",
      "    edgerun rerun backup-verify/2026-11-24T020000Z --failed-only",
      "",
      "Exit codes:",
      "  0  done; with --wait, or for a finished run: the run passed",
      "  1  the run found problems (failed stores, a patch wave halted or aborted);",
      "     for 'replay': the code is not deterministic",
      "  2  bad input, nothing was started; or the run refused an approve, pause,",
      "     resume or abort (its reason is printed)",
      "  3  Temporal cannot be reached, or the run itself failed",
      "  4  no such run (for 'schedules': no such schedule)",
      "",
      "Every command that prints data takes --json. More in docs/cli.md."
    },
    subcommands = {CommandLine.HelpCommand.class})
public class Edgerun {

  /** The command tree, printing to the given writers (tests capture them). */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    Output output = new Output(out, err);
    CommandLine.IFactory factory = new CliFactory(output);
    CommandLine run = new CommandLine(new RunCommand(), factory);
    run.addSubcommand(new CommandLine(BackupVerifyCommand.class, factory));
    run.addSubcommand(new CommandLine(RestoreTestCommand.class, factory));
    run.addSubcommand(new CommandLine(DrDrillCommand.class, factory));
    run.addSubcommand(new CommandLine(EvidenceCommand.class, factory));
    run.addSubcommand(new CommandLine(PatchWaveCommand.class, factory));
    run.addSubcommand(new CommandLine(EvacuateNodeCommand.class, factory));
    run.addSubcommand(new CommandLine(RollbackStoreCommand.class, factory));
    run.addSubcommand(new CommandLine(CertRotationCommand.class, factory));
    run.addSubcommand(new CommandLine(TokenRotationCommand.class, factory));
    CommandLine root = new CommandLine(new Edgerun(), factory);
    root.addSubcommand(run);
    root.addSubcommand(new CommandLine(ListCommand.class, factory));
    root.addSubcommand(new CommandLine(StatusCommand.class, factory));
    root.addSubcommand(new CommandLine(WatchCommand.class, factory));
    root.addSubcommand(new CommandLine(SchedulesCommand.class, factory));
    for (Class<?> update : List.of(ApproveCommand.class, PauseCommand.class, ResumeCommand.class, AbortCommand.class)) {
      root.addSubcommand(new CommandLine(update, factory));
    }
    for (Class<?> replay : List.of(HistoryCommand.class, ReplayCommand.class, RerunCommand.class)) {
      root.addSubcommand(new CommandLine(replay, factory));
    }
    root.setOut(out);
    root.setErr(err);
    root.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof CliException cli) {
            cmd.getErr().println("edgerun: " + cli.getMessage());
            cmd.getErr().flush();
            return cli.exitCode();
          }
          throw e;
        });
    return root;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(commandLine(out, err).execute(args));
  }

  /** Gives commands the shared {@link Output}; everything else is built the picocli way. */
  private record CliFactory(Output output) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getConstructor(Output.class).newInstance(output);
      } catch (NoSuchMethodException noOutput) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
