package dev.edgerunbooks.workers;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A runbook file that does not load stops the start with the loader's own message (every problem
 * with its file, line, field and fix) instead of a stack trace of bean creation.
 */
class RunbookFailureAnalyzer extends AbstractFailureAnalyzer<RunbookValidationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RunbookValidationException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Fix the runbook files listed above (edge.fleet-file / EDGE_FLEET for the fleet, edge.runbooks-dir /"
            + " EDGE_RUNBOOKS_DIR for probes.yaml, restore-test.yaml and dr-drill.yaml) and start again.",
        cause);
  }
}
