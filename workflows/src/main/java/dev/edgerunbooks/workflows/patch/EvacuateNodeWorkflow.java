package dev.edgerunbooks.workflows.patch;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Incident runbook: set Ceph noout and move every guest off a failing node. */
@WorkflowInterface
public interface EvacuateNodeWorkflow {
  @WorkflowMethod
  EvacuationResult evacuate(EvacuateNodeRequest request);
}
