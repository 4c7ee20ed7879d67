package dev.edgerunbooks.workers;

import dev.edgerunbooks.starters.cli.Edgerun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start edge-runbooks in the foreground; Ctrl-C stops it.",
      "embedded (default): Temporal's test server on 127.0.0.1:7233, a simulated fleet of",
      "  Proxmox stores (the lab), S3Proxy as the audit bucket, the central worker, a site",
      "  worker per store and a staging worker per region. State lives in .edge-runbooks/ and in memory.",
      "cluster: the central worker against TEMPORAL_ADDRESS (EDGE_SIGNING_KEY_FILE required).",
      "site: one store's worker (EDGE_SITE_STORE) and/or a region's staging worker",
      "  (EDGE_STAGING_REGION), with EDGE_CREDENTIALS_DIR."
    })
public class UpCommand implements Callable<Integer> {
  /** Returned when the application keeps running after the command returns. */
  static final int KEEP_RUNNING = -1;

  @Option(names = "--profile", defaultValue = "embedded", description = "embedded, cluster or site (default ${DEFAULT-VALUE})")
  String profile;

  @Option(
      names = "--temporal",
      paramLabel = "HOST:PORT",
      description = "Embedded: use this Temporal server (e.g. one from 'edgerun temporal-server') instead of starting one")
  String temporal;

  @Option(names = "--stores", description = "Embedded: how many stores the lab simulates (default 20)")
  Integer stores;

  @Option(
      names = "--time-scale",
      description = "Embedded: lab task durations x this (0 = instant; default 0.05)")
  Double timeScale;

  @Option(
      names = "--first-run",
      negatable = true,
      defaultValue = "true",
      // without it picocli toggles a negatable option whose default is true: --no-first-run stayed on
      fallbackValue = "true",
      description = "Embedded: once up, run one backup verification of the whole fleet and show it (default on; --no-first-run skips it)")
  boolean firstRun;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>();
    if (temporal != null) {
      args.add("--edge.embedded.start-temporal=false");
      args.add("--spring.temporal.connection.target=" + temporal);
    }
    if (stores != null) {
      args.add("--edge.embedded.lab-stores=" + stores);
    }
    if (timeScale != null) {
      args.add("--edge.embedded.lab-time-scale=" + timeScale);
    }
    SpringApplication app = new SpringApplication(EdgeRunbooksApplication.class);
    app.setAdditionalProfiles(profile);
    ConfigurableApplicationContext context = app.run(args.toArray(String[]::new));
    System.out.println(ReadyBanner.of(context));
    if (firstRun && "embedded".equals(profile)) {
      showFirstRun(context.getEnvironment().getProperty("spring.temporal.connection.target"));
    }
    return KEEP_RUNNING;
  }

  /** A newcomer sees a real run complete without typing anything else; the CLI prints it. */
  private static void showFirstRun(String temporalTarget) {
    Thread first =
        new Thread(
            () -> {
              PrintWriter out = new PrintWriter(System.out, true);
              out.println("First run: nightly backup verification of the whole simulated fleet.");
              Edgerun.commandLine(out, new PrintWriter(System.err, true))
                  .execute("run", "backup-verify", "--wait", "--address", temporalTarget, "--requested-by", "edgerun-up");
              out.println("\nRun it again with: ./edgerun run backup-verify --wait");
            },
            "first-run");
    first.setDaemon(true);
    first.start();
  }
}
