package dev.edgerunbooks.starters.cli;

import io.temporal.client.WorkflowClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show where a run stands: its progress while it runs, its summary when it is done.")
public class StatusCommand implements Callable<Integer> {
  @Mixin RunArgument run;

  private final Output output;

  public StatusCommand(Output output) {
    this.output = output;
  }

  @Override
  public Integer call() {
    String id = run.workflowId();
    WorkflowClient client = run.temporal.connect();
    try {
      return new RunStatus(output, id, run.json).print(client, RunStatus.describe(client, id));
    } finally {
      run.temporal.close();
    }
  }
}
