package dev.edgerunbooks.starters.cli;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Where the CLI finds Temporal: the embedded product by default, a cluster by flag or env. */
public class TemporalConnection {
  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:TEMPORAL_ADDRESS:-127.0.0.1:7233}",
      description = "Temporal frontend host:port (env TEMPORAL_ADDRESS; default ${DEFAULT-VALUE})")
  String address;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      defaultValue = "${env:TEMPORAL_NAMESPACE:-default}",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE; default ${DEFAULT-VALUE})")
  String namespace;

  private WorkflowServiceStubs stubs;

  /** Connects and checks the server answers, so a down server is one clear error, not a hang. */
  public WorkflowClient connect() {
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (RuntimeException e) {
      stubs.shutdownNow();
      throw new CliException(
          ExitCodes.UNAVAILABLE,
          "cannot reach Temporal at "
              + address
              + " ("
              + e.getMessage()
              + "). Start the embedded product with './edgerun up', or point --address / TEMPORAL_ADDRESS at your cluster.");
    }
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  public void close() {
    if (stubs != null) {
      stubs.shutdown();
      stubs.awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
