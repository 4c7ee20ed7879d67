package dev.edgerunbooks.workflows.patch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Rolls a signed bundle out across the fleet: canary, then waves, each gated on the stores' SLOs.
 * Workflow id: {@code patch-wave/<bundle>}. Stores are changed by {@link StorePatchWorkflow}s, run
 * in batches by {@link PatchBatchWorkflow}s; the run continues as new after each wave.
 */
@WorkflowInterface
public interface PatchWaveWorkflow {
  @WorkflowMethod
  PatchWaveSummary run(PatchWaveRequest request);

  @QueryMethod
  PatchWaveProgress progress();

  /** Lets the wave waiting for approval start. Only an approver named in the plan, never the initiator. */
  @UpdateMethod
  String approve(Approval approval);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Approval approval);

  /** Starts no new store until resumed; stores in flight finish their change. */
  @UpdateMethod
  String pause(Intervention intervention);

  @UpdateValidatorMethod(updateName = "pause")
  void validatePause(Intervention intervention);

  /** Resumes a paused run; after an inconclusive gate this accepts the wave, so only an approver other than the initiator may. */
  @UpdateMethod
  String resume(Intervention intervention);

  @UpdateValidatorMethod(updateName = "resume")
  void validateResume(Intervention intervention);

  /** Stops the run: stores in flight and the current wave's patched stores are rolled back. */
  @UpdateMethod
  String abort(Intervention intervention);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(Intervention intervention);
}
