package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.patch.BundleVersion;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "patch-wave",
    mixinStandardHelpOptions = true,
    description = {
      "Patch wave: roll a signed bundle out across the fleet in waves, canary first.",
      "The bundle's signature is verified first. Each wave patches its stores in their maintenance windows"
          + " with bounded concurrency and an error budget, then its health gate judges the stores' SLOs after a"
          + " soak; a wave that needs it waits for a named approver (never the initiator).",
      "The run is patch-wave/<bundle>: follow it with 'edgerun watch <bundle>', steer it with approve, pause,"
          + " resume and abort. --dry-run prints the plan and changes nothing."
    })
public class PatchWaveCommand implements Callable<Integer> {
  @Mixin RunOptions run;
  @Mixin FleetOption fleet;
  @Mixin StoresOption stores;
  @Mixin OperatorOption operator;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "VERSION",
      description =
          "The bundle version to roll out, e.g. 2026.12.0; its signed manifest is looked up in the bundle store")
  String bundle;

  @Option(
      names = "--dry-run",
      description =
          "Print the waves, their stores, limits and windows, the gate and the drift, and change nothing"
              + " (always waits)")
  boolean dryRun;

  private final Output output;

  public PatchWaveCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    String version = bundle(bundle, "--bundle");
    String initiator = operator.name();
    fleet.requireStores(stores.ids);
    return run.launch(
        output,
        new PatchWaveRuns(),
        RunIds.patchWave(version),
        PatchWaveRequest.of(version, initiator, dryRun, stores.ids),
        dryRun);
  }

  /**
   * A bundle version given as {@code option}, checked.
   *
   * @throws CliException with {@link ExitCodes#USAGE} naming the option and the form
   */
  static String bundle(String version, String option) {
    if (!BundleVersion.isValid(version)) {
      throw new CliException(
          ExitCodes.USAGE,
          option + " \"" + version + "\" is not a bundle version; write it as numbers separated by dots with an"
              + " optional -suffix, e.g. 2026.12.0 or 2026.12.1-rc1");
    }
    return version;
  }
}
