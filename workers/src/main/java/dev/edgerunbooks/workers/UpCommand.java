package dev.edgerunbooks.workers;

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
      "  Proxmox stores (the lab), S3Proxy as the audit bucket, the central worker and a site",
      "  worker per store. State lives in .edge-runbooks/ and in memory.",
      "cluster: the central worker against TEMPORAL_ADDRESS.",
      "site: one store's worker (EDGE_SITE_STORE, EDGE_CREDENTIALS_DIR)."
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
    return KEEP_RUNNING;
  }
}
