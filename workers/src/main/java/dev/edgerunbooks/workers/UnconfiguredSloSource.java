package dev.edgerunbooks.workers;

import dev.edgerunbooks.activities.patch.SloSource;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Neither Prometheus nor store metrics endpoints are configured: a patch wave is refused, saying what to set. */
final class UnconfiguredSloSource implements SloSource {
  private static ApplicationFailure unconfigured() {
    return ApplicationFailure.newNonRetryableFailure(
        "no SLO source for the patch wave's health gate: set edge.patch.prometheus-url (EDGE_PATCH_PROMETHEUS_URL) or"
            + " edge.patch.metrics-url-template (EDGE_PATCH_METRICS_URL_TEMPLATE, with {store})",
        INVALID);
  }

  @Override
  public List<StoreSlo> read(List<String> stores, Instant from, Instant to) {
    throw unconfigured();
  }

  @Override
  public Map<String, String> runningBundles(List<String> stores) {
    throw unconfigured();
  }
}
