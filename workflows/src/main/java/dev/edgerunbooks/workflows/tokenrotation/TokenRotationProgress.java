package dev.edgerunbooks.workflows.tokenrotation;

import java.util.List;
import java.util.Map;

public record TokenRotationProgress(String phase, int stores, int done, Map<TokenOutcome, Integer> accounts, List<String> running) {
  public TokenRotationProgress {
    accounts = Map.copyOf(accounts);
    running = List.copyOf(running);
  }
}
