package dev.edgerunbooks.workflows.certrotation;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One store: inspect every node's certificate, and renew those due inside the store's window, one
 * node at a time: issue, deploy, verify by handshake, then pin; put the previous certificate back
 * when the new one is not served. Workflow id: {@code cert-rotation/<date>/<store>}.
 */
@WorkflowInterface
public interface StoreCertRotationWorkflow {
  @WorkflowMethod
  StoreCertResult rotate(StoreCertInput input);
}
