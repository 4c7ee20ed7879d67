package dev.edgerunbooks.workflows.certrotation;

import java.util.List;
import java.util.Map;

public record CertRotationProgress(String phase, int stores, int done, Map<NodeOutcome, Integer> nodes, List<String> running) {
  public CertRotationProgress {
    nodes = Map.copyOf(nodes);
    running = List.copyOf(running);
  }
}
