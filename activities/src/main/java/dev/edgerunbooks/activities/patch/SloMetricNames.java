package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.workflows.patch.SloMetric;

/**
 * The metric names a store exports its SLOs and bundle under, each with a {@code store} label (the
 * bundle's also a {@code version} label).
 */
public record SloMetricNames(
    String ttfbP95,
    String posLatency,
    String cacheHitRatio,
    String wanAvailability,
    String syncBacklog,
    String bundleInfo,
    String storeLabel) {

  public static SloMetricNames defaults() {
    return new SloMetricNames(
        "edge_ttfb_p95_seconds", "edge_pos_latency_seconds", "edge_cache_hit_ratio", "edge_wan_availability_ratio",
        "edge_sync_backlog", "edge_bundle_info", "store");
  }

  public String name(SloMetric metric) {
    return switch (metric) {
      case TTFB_P95 -> ttfbP95;
      case POS_LATENCY -> posLatency;
      case CACHE_HIT_RATIO -> cacheHitRatio;
      case WAN_AVAILABILITY -> wanAvailability;
      case SYNC_BACKLOG -> syncBacklog;
    };
  }
}
