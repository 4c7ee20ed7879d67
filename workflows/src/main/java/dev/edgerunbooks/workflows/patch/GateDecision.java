package dev.edgerunbooks.workflows.patch;

import java.time.Instant;
import java.util.List;

/**
 * A wave's health gate decision. The history keeps the stores that did not pass, with their
 * values; every store's judgement is in the gate file of the audit bucket ({@code detailsKey}).
 */
public record GateDecision(
    int wave,
    GateVerdict verdict,
    String reason,
    int judged,
    int passed,
    int failed,
    int inconclusive,
    int peers,
    List<StoreJudgement> notPassed,
    Instant decidedAt,
    String detailsKey) {
  public GateDecision {
    notPassed = List.copyOf(notPassed);
  }

  public GateDecision withDetails(String key) {
    return new GateDecision(wave, verdict, reason, judged, passed, failed, inconclusive, peers, notPassed, decidedAt, key);
  }
}
