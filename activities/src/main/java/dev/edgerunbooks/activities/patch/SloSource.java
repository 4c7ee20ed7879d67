package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.workflows.patch.StoreSlo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where store SLOs and running bundles are read: Prometheus ({@link PromQlSloSource}) or the
 * stores' own metrics endpoints ({@link MetricsEndpointSloSource}). A source that cannot answer
 * throws a retryable {@link #UNAVAILABLE} failure; a query it refuses as malformed, a non-retryable
 * {@link #INVALID}.
 */
public interface SloSource {
  /** The source did not answer (down, timed out, 5xx). Retryable. */
  String UNAVAILABLE = "SloSourceUnavailable";
  /** The source refused the query (a metric name it cannot parse). Not retryable: fix the configuration. */
  String INVALID = "SloQueryInvalid";

  /**
   * Every store's SLO values over {@code [from, to]}, one entry per store in the order asked; a metric
   * without data is absent from its values.
   */
  List<StoreSlo> read(List<String> stores, Instant from, Instant to);

  /** The bundle each store reports it runs ({@code edge_bundle_info}); a store that reports none is absent. */
  Map<String, String> runningBundles(List<String> stores);
}
