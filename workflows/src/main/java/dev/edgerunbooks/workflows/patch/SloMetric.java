package dev.edgerunbooks.workflows.patch;

/** The store SLOs a patch wave's health gate judges. */
public enum SloMetric {
  TTFB_P95(false, "95th percentile time to first byte of the store's web front, seconds"),
  POS_LATENCY(false, "point-of-sale transaction latency, seconds"),
  CACHE_HIT_RATIO(true, "hit ratio of the store's cache, 0..1"),
  WAN_AVAILABILITY(true, "WAN link availability, 0..1"),
  SYNC_BACKLOG(false, "backup snapshots not yet copied offsite");

  private final boolean higherIsBetter;
  private final String meaning;

  SloMetric(boolean higherIsBetter, String meaning) {
    this.higherIsBetter = higherIsBetter;
    this.meaning = meaning;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public String meaning() {
    return meaning;
  }

  /**
   * How much worse {@code value} is than {@code baseline}, as a fraction of the baseline: 0.5 is
   * 50% worse, negative is better. A zero baseline counts any worsening as infinitely worse.
   */
  public double worsening(double value, double baseline) {
    double delta = higherIsBetter ? baseline - value : value - baseline;
    if (baseline == 0) return delta > 0 ? Double.POSITIVE_INFINITY : 0;
    return delta / Math.abs(baseline);
  }

  /** Whether {@code value} breaks an absolute {@code limit}: above it, or below it for a higher-is-better SLO. */
  public boolean breaks(double value, double limit) {
    return higherIsBetter ? value < limit : value > limit;
  }
}
