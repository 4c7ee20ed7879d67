package dev.edgerunbooks.starters.cli;

import java.util.List;
import java.util.Optional;

/** The one place that knows which runbooks the CLI can follow, by workflow type. */
final class RunViews {
  private static final List<RunView<?>> ALL =
      List.of(
          new BackupVerifyRuns(), new RestoreTestRuns(), new DrDrillRuns(), new EvidenceRuns(), new PatchWaveRuns(),
          IncidentRuns.EVACUATE_NODE, IncidentRuns.ROLLBACK_STORE, RotationRuns.CERTIFICATES,
          RotationRuns.TOKENS);

  private RunViews() {}

  static Optional<RunView<?>> ofType(String workflowType) {
    return ALL.stream().filter(v -> v.workflowType().equals(workflowType)).findFirst();
  }
}
