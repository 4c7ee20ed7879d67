package dev.edgerunbooks.workers;

import io.temporal.testserver.TestServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "temporal-server",
    mixinStandardHelpOptions = true,
    description = {
      "Run Temporal's Java test server alone, like 'temporal server start-dev'.",
      "In memory, time skipping off. Then 'edgerun up --temporal 127.0.0.1:7233' runs the product against it:"
          + " kill and restart 'up' and the runs it was working on go on. Ctrl-C stops the server."
    })
public class TemporalServerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "7233", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE})")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.out.println("Temporal test server on 127.0.0.1:" + port + " (namespace default). Ctrl-C stops it.");
    stopped.await();
    return 0;
  }
}
