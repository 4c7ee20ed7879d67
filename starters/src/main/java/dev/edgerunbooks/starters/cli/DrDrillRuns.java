package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.drdrill.DrDrillSummary;
import dev.edgerunbooks.workflows.drdrill.DrDrillWorkflow;
import dev.edgerunbooks.workflows.drdrill.DrillProgress;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.StoreDrillReport;
import dev.edgerunbooks.workflows.drdrill.StoreDrillWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.ChildWorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs of the DR drill, {@code dr-drill/<date>/<stores>}. The drill itself has no query: progress
 * comes from the store drills it is running (its pending children), and the RPO and RTO targets of a
 * finished drill from the store reports its history holds.
 */
final class DrDrillRuns extends RunView<DrDrillSummary> {
  private static final String STORE_TYPE = RunView.typeOf(StoreDrillWorkflow.class);

  DrDrillRuns() {
    super(DrDrillWorkflow.class, DrDrillSummary.class);
  }

  @Override
  RunProgress progress(WorkflowClient client, WorkflowExecution run) {
    List<PendingChildExecutionInfo> children =
        client
            .newUntypedWorkflowStub(run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
            .describe()
            .getRawDescription()
            .getPendingChildrenList();
    List<DrillProgress> stores = new ArrayList<>();
    for (PendingChildExecutionInfo child : children) {
      if (!child.getWorkflowTypeName().equals(STORE_TYPE)) {
        continue;
      }
      try {
        stores.add(
            client
                .newWorkflowStub(StoreDrillWorkflow.class, child.getWorkflowId(), Optional.of(child.getRunId()))
                .progress());
      } catch (RuntimeException notYet) {
        // started a moment ago: the next poll asks again
      }
    }
    List<String> detail =
        stores.stream()
            .map(s -> s.storeId() + ": " + phase(s) + ", " + s.guestsReady() + "/" + s.guestsTotal()
                + " guests ready" + (s.step() == null ? "" : "; " + s.step()))
            .toList();
    return new RunProgress(progressLine(stores), detail, stores);
  }

  @Override
  int print(
      Output output, WorkflowClient client, WorkflowExecution run, DrDrillSummary result, boolean json) {
    Map<String, DrillTargets> targets = result.dryRun() || json ? Map.of() : targetsOf(client, run);
    return Summaries.printDrDrill(output, result, targets, json);
  }

  static String progressLine(List<DrillProgress> stores) {
    if (stores.isEmpty()) {
      return "no store drill running (planning, waiting for a staging cluster, or writing reports)";
    }
    int ready = stores.stream().mapToInt(DrillProgress::guestsReady).sum();
    int total = stores.stream().mapToInt(DrillProgress::guestsTotal).sum();
    StringBuilder line = new StringBuilder(Output.bar(ready, total, 30)).append(" guests ready  (");
    for (int i = 0; i < stores.size(); i++) {
      DrillProgress s = stores.get(i);
      line.append(i == 0 ? "" : ", ").append(s.storeId()).append(' ').append(phase(s));
    }
    return line.append(')').toString();
  }

  private static String phase(DrillProgress p) {
    return p.phase() == null ? "starting" : p.phase().name();
  }

  /**
   * The targets each store was drilled against, from the reports of the store drills that
   * completed; empty for a store whose drill failed outright, or when the history cannot be read.
   */
  static Map<String, DrillTargets> targetsOf(WorkflowClient client, WorkflowExecution run) {
    DataConverter converter = client.getOptions().getDataConverter();
    Map<String, DrillTargets> targets = new LinkedHashMap<>();
    try {
      for (HistoryEvent event : client.fetchHistory(run.getWorkflowId(), run.getRunId()).getEvents()) {
        if (!event.hasChildWorkflowExecutionCompletedEventAttributes()) {
          continue;
        }
        ChildWorkflowExecutionCompletedEventAttributes child =
            event.getChildWorkflowExecutionCompletedEventAttributes();
        if (!child.getWorkflowType().getName().equals(STORE_TYPE) || !child.hasResult()) {
          continue;
        }
        StoreDrillReport report =
            converter.fromPayloads(
                0, Optional.of(child.getResult()), StoreDrillReport.class, StoreDrillReport.class);
        targets.put(report.storeId(), new DrillTargets(report.rpoTarget(), report.rtoTarget(), Map.of()));
      }
    } catch (RuntimeException unreadable) {
      // the targets are in the reports too; print the verdicts without them
    }
    return targets;
  }
}
