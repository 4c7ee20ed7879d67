package dev.edgerunbooks.workflows.evidence;

import java.util.List;

/**
 * @param day null for a dry run
 * @param failures one line per store not collected
 */
public record EvidenceSummary(
    String workflowId,
    String date,
    boolean dryRun,
    EvidencePlan plan,
    int stores,
    int collected,
    List<String> failures,
    int runs,
    EvidenceDay day) {
  public EvidenceSummary {
    failures = List.copyOf(failures);
  }
}
