package dev.edgerunbooks.workflows.patch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Runs a batch of a wave (patch, release or roll back its stores) with bounded concurrency. */
@WorkflowInterface
public interface PatchBatchWorkflow {
  @WorkflowMethod
  List<StorePatchResult> run(PatchBatch batch);

  /** Starts no new store; stores in flight are told to abort and roll back. */
  @SignalMethod
  void abort(String reason);

  @SignalMethod
  void pause(boolean paused);

  @QueryMethod
  List<String> inFlight();
}
