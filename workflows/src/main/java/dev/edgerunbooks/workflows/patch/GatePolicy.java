package dev.edgerunbooks.workflows.patch;

import java.util.List;

/**
 * @param objectives the SLOs judged, each against its limit and both baselines
 * @param noData what a missing value means
 * @param maxFailingStores the gate fails when more stores than this fail it (0: any store)
 * @param peerSample how many not-yet-patched stores make the peer baseline (their median)
 */
public record GatePolicy(List<SloObjective> objectives, NoDataPolicy noData, int maxFailingStores, int peerSample) {
  public GatePolicy {
    objectives = List.copyOf(objectives);
  }
}
