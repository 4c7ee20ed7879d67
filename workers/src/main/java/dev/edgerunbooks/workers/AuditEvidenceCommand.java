package dev.edgerunbooks.workers;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgerunbooks.activities.evidence.ChainVerification;
import dev.edgerunbooks.activities.evidence.EvidenceChainVerifier;
import dev.edgerunbooks.activities.evidence.EvidenceFiles;
import dev.edgerunbooks.activities.evidence.EvidenceHashes;
import dev.edgerunbooks.activities.evidence.EvidenceShow;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.starters.cli.ExitCodes;
import dev.edgerunbooks.workers.embedded.EmbeddedConfiguration;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import org.gaul.s3proxy.S3Proxy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code edgerun evidence verify|show}: an auditor's checks of the evidence in the audit bucket. */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = "Check the audit evidence chain, or show one store's evidence on a day.",
    subcommands = {AuditEvidenceCommand.Verify.class, AuditEvidenceCommand.Show.class})
public class AuditEvidenceCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * Where the audit bucket is. Without {@code --s3-endpoint} or {@code --s3}, the embedded product's
   * bucket folder is served for this command alone (the product need not run).
   */
  static final class BucketOptions {
    @Option(names = "--data-dir", defaultValue = ".edge-runbooks",
        description = "The embedded product's data directory; its audit bucket is read (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--s3-endpoint", defaultValue = "${env:EDGE_AUDIT_ENDPOINT}",
        description = "An S3 endpoint (MinIO, Ceph RGW, …) instead of the embedded bucket; env EDGE_AUDIT_ENDPOINT")
    URI endpoint;

    @Option(names = "--s3", description = "Read the bucket on AWS S3 (region and credentials from the AWS defaults)")
    boolean aws;

    @Option(names = "--bucket", defaultValue = "${env:EDGE_AUDIT_BUCKET:-edge-audit}",
        description = "The audit bucket (default ${DEFAULT-VALUE})")
    String bucket;

    @Option(names = "--region", defaultValue = "${env:EDGE_AUDIT_REGION:-us-east-1}", description = "S3 region")
    String region;

    boolean embedded() {
      return endpoint == null && !aws;
    }

    /** Opens the bucket; the returned handle stops what it started. */
    OpenBucket open() throws Exception {
      if (!embedded()) {
        S3Client s3 =
            new AuditBucketEndpoint(
                    endpoint, region, System.getenv("EDGE_AUDIT_ACCESS_KEY"), System.getenv("EDGE_AUDIT_SECRET_KEY"))
                .client();
        return new OpenBucket(new AuditBucket(s3, bucket), "s3://" + bucket, s3, null);
      }
      Path folder = dataDir.resolve("s3").toAbsolutePath();
      if (!Files.isDirectory(folder.resolve(bucket))) {
        throw new UsageProblem("there is no embedded audit bucket at " + folder.resolve(bucket)
            + ": run `edgerun up` (and an evidence run) first, or point --s3-endpoint/--s3 at the real bucket");
      }
      S3Proxy proxy = EmbeddedConfiguration.serveAuditBucket(folder, bucket, 0);
      S3Client s3 = EmbeddedConfiguration.auditBucketEndpoint(proxy, region).client();
      return new OpenBucket(new AuditBucket(s3, bucket), "s3://" + bucket + " (" + folder + ")", s3, proxy);
    }
  }

  record OpenBucket(AuditBucket bucket, String where, S3Client s3, S3Proxy proxy) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      s3.close();
      if (proxy != null) {
        proxy.stop();
      }
    }
  }

  /** Bad input: exit 2 with the message. */
  static final class UsageProblem extends RuntimeException {
    UsageProblem(String message) {
      super(message, null, false, false);
    }
  }

  /** What both subcommands share: the bucket, {@code --json}, and the exit codes for failures. */
  abstract static class EvidenceSubcommand implements Callable<Integer> {
    @Mixin BucketOptions where = new BucketOptions();

    @Option(names = "--json", description = "Print the result as JSON")
    boolean json;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    abstract int run(OpenBucket open, PrintWriter out, PrintWriter err) throws Exception;

    void printJson(PrintWriter out, Object value) throws IOException {
      out.println(EvidenceHashes.json().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
    }

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try (OpenBucket open = where.open()) {
        return run(open, spec.commandLine().getOut(), err);
      } catch (UsageProblem | IllegalArgumentException e) {
        err.println("edgerun evidence: " + e.getMessage());
        return ExitCodes.USAGE;
      } catch (ApplicationFailure e) {
        err.println("edgerun evidence: " + e.getOriginalMessage());
        return ExitCodes.UNAVAILABLE;
      } catch (Exception e) {
        err.println("edgerun evidence: " + e.getMessage());
        return ExitCodes.UNAVAILABLE;
      }
    }
  }

  /** A day given on the command line, {@code YYYY-MM-DD}. */
  static String day(String option, String value) {
    try {
      return java.time.LocalDate.parse(value).toString();
    } catch (java.time.format.DateTimeParseException e) {
      throw new UsageProblem(option + " \"" + value + "\" is not a day: write it as YYYY-MM-DD, e.g. 2026-11-24");
    }
  }



  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check every day's file from --from to --to: its signature with the trusted key, its link to the day"
            + " before (and that day's hash), every store's items against their hashes and roots, the fleet"
            + " root, and every run report the day vouches for. Names the first broken link and why.",
        "Exit codes: 0 the chain holds; 1 something does not (each problem is listed); 2 bad input; 3 the"
            + " bucket cannot be read."
      })
  static final class Verify extends EvidenceSubcommand {
    @Option(names = "--from", description = "First day, YYYY-MM-DD (default: the first day recorded)")
    String from;

    @Option(names = "--to", description = "Last day, YYYY-MM-DD (default: the last day recorded)")
    String to;

    @ArgGroup(exclusive = true)
    Trust trust = new Trust();

    static final class Trust {
      @Option(names = "--public-key", description = "The PEM public key every day must be signed with")
      Path publicKey;

      @Option(names = "--key-id", description = "Or its key id: hex SHA-256 of the DER public key")
      String keyId;

      @Option(names = "--signing-key", defaultValue = "${env:EDGE_SIGNING_KEY_FILE}",
          description = "Or the signing key itself (default: EDGE_SIGNING_KEY_FILE, else the embedded product's)")
      Path signingKey;
    }

    @Override
    int run(OpenBucket open, PrintWriter out, PrintWriter err) throws Exception {
      String trusted = trustedKey();
      SortedMap<String, String> days = EvidenceFiles.dayFiles(open.bucket());
      if (days.isEmpty() && (from == null || to == null)) {
        err.println("edgerun evidence: no evidence recorded in " + open.where() + " yet: run `edgerun run evidence`");
        return ExitCodes.PROBLEMS_FOUND;
      }
      String first = from != null ? day("--from", from) : days.firstKey();
      String last = to != null ? day("--to", to) : days.lastKey();
      ChainVerification result = new EvidenceChainVerifier(open.bucket()).verify(first, last, trusted);
      if (json) {
        printJson(out, result);
      } else {
        print(out, open.where(), result);
      }
      return result.ok() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }

    private String trustedKey() throws IOException {
      if (trust.publicKey != null) {
        return Files.readString(trust.publicKey);
      }
      if (trust.keyId != null) {
        return trust.keyId;
      }
      Path key = trust.signingKey != null ? trust.signingKey : where.dataDir.resolve("report-signing-key.pem");
      if (!Files.isRegularFile(key)) {
        throw new UsageProblem("no trusted key: " + key + " does not exist; pass --public-key (PEM) or --key-id");
      }
      try {
        return ReportSigner.load(key).publicKeyPem();
      } catch (IllegalStateException e) {
        throw new UsageProblem(e.getMessage());
      }
    }

    private static void print(PrintWriter out, String where, ChainVerification result) {
      out.printf("evidence %s to %s in %s, trusted key %s%n", result.from(), result.to(), where, result.trustedKeyId());
      for (String day : result.daysChecked()) {
        long problems = result.problems().stream().filter(p -> p.date().equals(day)).count();
        out.printf("  %s  %s%n", day, problems == 0 ? "ok" : problems + (problems == 1 ? " problem" : " problems"));
      }
      for (String day : result.daysWithoutEvidence()) {
        out.printf("  %s  no evidence recorded (no file, and the chain skips the day)%n", day);
      }
      if (result.ok()) {
        out.printf("the chain holds: %d days, every signature, link, item and root checked%n", result.daysChecked().size());
        return;
      }
      out.println("first broken link: " + result.firstBroken().orElseThrow().sentence());
      out.printf("%d problems:%n", result.problems().size());
      result.problems().forEach(p -> out.println("  - " + p.sentence()));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "One store's evidence on a day: its root, every item with its hash and data, what could not be read,"
            + " each item checked against the day's file.",
        "Exit codes: 0 shown and every item matches; 1 some item does not match; 2 no such day or store; 3 the"
            + " bucket cannot be read."
      })
  static final class Show extends EvidenceSubcommand {
    @Parameters(index = "0", paramLabel = "STORE", description = "The store, e.g. store-0003")
    String store;

    @Option(names = "--date", description = "The day, YYYY-MM-DD (default: the last day recorded)")
    String date;

    @Override
    int run(OpenBucket open, PrintWriter out, PrintWriter err) throws IOException {
      String day = date != null ? day("--date", date) : lastDay(open);
      EvidenceShow.StoreEvidence shown = new EvidenceShow(open.bucket()).show(day, store);
      if (json) {
        printJson(out, shown);
      } else {
        out.printf("%s on %s (%s)%n", shown.store(), shown.date(), shown.dayKey());
        if (shown.failure() != null) {
          out.println("  not collected: " + shown.failure());
        } else {
          out.printf("  root %s, %d items (%s)%n", shown.root(), shown.items().size(), shown.itemsKey());
          shown.items().forEach(i -> out.printf("  %-28s %s  %s%n", i.id(), i.sha256().substring(0, 12), i.data()));
          shown.gaps().forEach(g -> out.println("  gap: " + g));
        }
        shown.problems().forEach(p -> out.println("  DOES NOT MATCH: " + p));
      }
      return shown.verified() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }

    private static String lastDay(OpenBucket open) {
      SortedMap<String, String> days = EvidenceFiles.dayFiles(open.bucket());
      if (days.isEmpty()) {
        throw new UsageProblem("no evidence recorded in " + open.where() + " yet: run `edgerun run evidence`");
      }
      return days.lastKey();
    }
  }
}
