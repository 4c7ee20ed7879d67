package dev.edgerunbooks.workers;

import dev.edgerunbooks.activities.patch.BundleStore;
import dev.edgerunbooks.activities.patch.BundleSigning;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.starters.cli.ExitCodes;
import dev.edgerunbooks.workers.AuditEvidenceCommand.BucketOptions;
import dev.edgerunbooks.workers.AuditEvidenceCommand.OpenBucket;
import dev.edgerunbooks.workers.AuditEvidenceCommand.UsageProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgerun bundle publish}: what CI does with a bundle it built, sign its manifest and put both
 * into {@code bundles/<version>/} of the audit bucket, where patch waves look for it.
 */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Publish signed patch bundles.", subcommands = BundleCommand.Publish.class)
public class BundleCommand implements Runnable {
  /** The lab's CI key: its public half is the key runbooks/patch-wave.yaml pins for the lab fleet. */
  static final String LAB_KEY_RESOURCE = "bundle-signing-lab.key.pem";

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The lab's bundle signing key, for the embedded product and tests only. */
  public static ReportSigner labKey() {
    try (InputStream in = Lab.class.getResourceAsStream(LAB_KEY_RESOURCE)) {
      return ReportSigner.fromPem(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the lab's bundle key");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true, description = "Sign a bundle manifest and publish it to the audit bucket.")
  static final class Publish implements Callable<Integer> {
    @Mixin BucketOptions where = new BucketOptions();

    @Option(names = "--manifest", required = true, description = "The manifest JSON: {\"version\", \"hostPackages\", \"guestWorkloads\"}")
    Path manifest;

    @Option(names = "--key", description = "PKCS#8 PEM P-256 private key to sign with; the lab's key when publishing to the embedded bucket")
    Path key;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        if (key == null && !where.embedded()) throw new UsageProblem("give --key: only the embedded lab has a signing key of its own");
        ReportSigner signer = key != null ? ReportSigner.load(key) : labKey();
        byte[] bytes = Files.readAllBytes(manifest);
        try (OpenBucket open = where.open()) {
          String published = new BundleStore(open.bucket()).publish(bytes, signer);
          out.println("published " + published + " to " + open.where() + ", signed by key " + BundleSigning.fingerprint(signer.publicKeyPem()));
        }
        return ExitCodes.OK;
      } catch (UsageProblem | IllegalArgumentException e) {
        err.println("edgerun bundle publish: " + e.getMessage());
        return ExitCodes.USAGE;
      } catch (Exception e) {
        err.println("edgerun bundle publish: " + e.getMessage());
        return ExitCodes.UNAVAILABLE;
      }
    }
  }
}
