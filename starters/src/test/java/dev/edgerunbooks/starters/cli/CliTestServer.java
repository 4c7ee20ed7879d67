package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.starters.namespace.SearchAttributeSetup;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * Temporal's test server on a free port (real time, no skipping), a worker running the given
 * stand-in workflows on the central task queue, and {@code edgerun} pointed at it. As a JUnit
 * extension ({@code @RegisterExtension static final CliTestServer temporal = CliTestServer.start(…)})
 * it closes itself after the test class.
 */
final class CliTestServer implements AutoCloseable, AfterAllCallback {
  private final TestServer.PortBoundTestServer server;
  private final WorkflowServiceStubs service;
  /** For the tests' own queries: the test server now and then holds a query to its 10 s deadline. */
  private final WorkflowServiceStubs impatient;
  private final WorkerFactory workers;
  private final String address;

  private CliTestServer(boolean registerAttributes, List<Object> activities, Class<?>... workflows) {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = TestServer.createPortBoundServer(port, true);
    address = "127.0.0.1:" + port;
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    impatient = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).setRpcQueryTimeout(Duration.ofSeconds(1)).build());
    if (registerAttributes) {
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
          OperatorServiceStubsOptions.newBuilder().setTarget(address).validateAndBuildWithDefaults());
      SearchAttributeSetup.ensure(operator.blockingStub(), "default");
      operator.shutdown();
    }
    workers = WorkerFactory.newInstance(WorkflowClient.newInstance(service));
    Worker worker = workers.newWorker(TaskQueues.CENTRAL);
    worker.registerWorkflowImplementationTypes(workflows);
    if (!activities.isEmpty()) {
      worker.registerActivitiesImplementations(activities.toArray());
    }
    workers.start();
  }

  static CliTestServer start(Class<?>... workflows) {
    return new CliTestServer(true, List.of(), workflows);
  }

  /** The server with {@code activities} on the central task queue beside the workflows. */
  static CliTestServer start(List<Object> activities, Class<?>... workflows) {
    return new CliTestServer(true, activities, workflows);
  }

  /** A server whose namespace lacks the runs' search attributes, as a cluster nobody set up. */
  static CliTestServer withoutSearchAttributes(Class<?>... workflows) {
    return new CliTestServer(false, List.of(), workflows);
  }

  /** Runs {@code edgerun args --address <this server>}, printing to {@code out} and {@code err}. */
  int edgerun(StringWriter out, StringWriter err, String... args) {
    return edgerun(Edgerun.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)), args);
  }

  /** Runs {@code args --address <this server>} on {@code edgerun}, a command tree a test adapted. */
  int edgerun(CommandLine edgerun, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", address));
    return edgerun.execute(all.toArray(String[]::new));
  }

  /** A test's command line: {@code edgerun} against this server, and what it printed so far. */
  Cli cli() {
    return new Cli(this);
  }

  /** {@code edgerun} against the server, printing into buffers a test reads and clears. */
  static final class Cli {
    private final CliTestServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Cli(CliTestServer server) {
      this.server = server;
    }

    /** Runs {@code edgerun args}; returns its exit code. */
    int run(String... args) {
      return server.edgerun(out, err, args);
    }

    /** What it printed on stdout since the last {@link #clear}. */
    String out() {
      return out.toString();
    }

    /** What it printed on stderr since the last {@link #clear}. */
    String err() {
      return err.toString();
    }

    void clear() {
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
    }
  }

  /** A client whose queries give up after a second (ask again). */
  WorkflowClient client() {
    return WorkflowClient.newInstance(impatient);
  }

  /** The request a run was started with, as its history records it. */
  <T> T startedWith(String workflowId, Class<T> type) {
    WorkflowClient client = client();
    var started = client.fetchHistory(workflowId).getEvents().get(0).getWorkflowExecutionStartedEventAttributes();
    return client.getOptions().getDataConverter().fromPayloads(0, Optional.of(started.getInput()), type, type);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    workers.awaitTermination(5, TimeUnit.SECONDS);
    impatient.shutdownNow();
    service.shutdownNow();
    server.close();
  }
}
