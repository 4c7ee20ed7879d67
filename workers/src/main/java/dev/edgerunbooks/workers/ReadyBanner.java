package dev.edgerunbooks.workers;

import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import java.util.Arrays;
import org.springframework.context.ConfigurableApplicationContext;

/** What a newcomer needs to see once the product is up: where things are, what to try. */
final class ReadyBanner {
  private ReadyBanner() {}

  static String of(ConfigurableApplicationContext context) {
    EdgeProperties props = context.getBean(EdgeProperties.class);
    FleetDefinition fleet = context.getBean(FleetDefinition.class);
    AuditBucketEndpoint bucket = context.getBean(AuditBucketEndpoint.class);
    String target = context.getEnvironment().getProperty("spring.temporal.connection.target");
    StringBuilder out = new StringBuilder();
    out.append("\nedge-runbooks is up (profile ")
        .append(String.join(",", Arrays.asList(context.getEnvironment().getActiveProfiles())))
        .append(")\n");
    out.append("  Temporal        ").append(target).append("  namespace ")
        .append(context.getEnvironment().getProperty("spring.temporal.namespace")).append('\n');
    out.append("  fleet           ").append(fleet.name()).append(": ").append(fleet.stores().size())
        .append(" stores in ").append(fleet.regions().size()).append(" regions\n");
    out.append("  audit bucket    s3://").append(props.audit().bucket());
    if (bucket.endpoint() != null) {
      out.append(" at ").append(bucket.endpoint());
    }
    out.append('\n');
    if (context.getBeanNamesForType(Lab.class).length > 0) {
      Lab lab = context.getBean(Lab.class);
      out.append("  lab admin API   ").append(lab.adminUri()).append("  (faults: see lab/README.md)\n");
      out.append("  reports on disk ").append(props.embedded().dataDir().resolve("s3").resolve(props.audit().bucket()))
          .append('\n');
    }
    out.append("\nIn another terminal, try:\n");
    out.append("  ./edgerun run backup-verify --wait\n");
    out.append("Ctrl-C stops everything.\n");
    return out.toString();
  }
}
