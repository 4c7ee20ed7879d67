package dev.edgerunbooks.workflows.evidence;

import java.util.List;

public record EvidenceProgress(String phase, int total, int done, int failed, List<String> running) {
  public EvidenceProgress {
    running = List.copyOf(running);
  }
}
