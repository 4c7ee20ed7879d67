package dev.edgerunbooks.workflows.tokenrotation;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One store, each account in turn: create a token with an expiry, grant its ACL, hold its secret in
 * Vault, verify it against the API, switch the workers to it, wait out the grace period, confirm the
 * workers use it, delete the old one. Until the switch any failure deletes the new token and the
 * old one keeps working. Workflow id: {@code token-rotation/<date>/<store>}.
 */
@WorkflowInterface
public interface StoreTokenRotationWorkflow {
  @WorkflowMethod
  StoreTokenResult rotate(StoreTokenInput input);
}
