package dev.edgerunbooks.workflows.patch;

import java.util.Map;
import java.util.TreeMap;

/** A store's SLO values over a window; a metric without data is absent. */
public record StoreSlo(String storeId, Map<SloMetric, Double> values) {
  public StoreSlo {
    values = Map.copyOf(new TreeMap<>(values));
  }
}
