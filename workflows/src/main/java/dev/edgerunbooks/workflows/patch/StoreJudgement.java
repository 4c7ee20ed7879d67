package dev.edgerunbooks.workflows.patch;

import java.util.List;

public record StoreJudgement(String storeId, GateVerdict verdict, List<MetricJudgement> metrics) {
  public StoreJudgement {
    metrics = List.copyOf(metrics);
  }
}
