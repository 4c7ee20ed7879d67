package dev.edgerunbooks.workflows.backupverify;

import java.util.List;

/** Where a run stands: answered by the fleet workflow's progress query. */
public record BackupVerifyProgress(
    String phase, int total, int done, int passed, int failed, int unreachable, List<String> running) {
  public BackupVerifyProgress {
    running = List.copyOf(running);
  }
}
