package dev.edgerunbooks.workflows.patch;

/** The store SLOs a patch wave's health gate judges. */
public enum SloMetric {
  TTFB_P95(false, 0.01, "95th percentile time to first byte of the store's web front, seconds"),
  POS_LATENCY(false, 0.005, "point-of-sale transaction latency, seconds"),
  CACHE_HIT_RATIO(true, 0.01, "hit ratio of the store's cache, 0..1"),
  WAN_AVAILABILITY(true, 0.001, "WAN link availability, 0..1"),
  SYNC_BACKLOG(false, 5, "backup snapshots not yet copied offsite");

  private final boolean higherIsBetter;
  private final double floor;
  private final String meaning;

  SloMetric(boolean higherIsBetter, double floor, String meaning) {
    this.higherIsBetter = higherIsBetter;
    this.floor = floor;
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
   * 50% worse, negative is better. A baseline below the metric's floor (a backlog of 0, a latency of
   * microseconds) counts as the floor, so a tiny baseline does not make noise look infinitely worse.
   */
  public double worsening(double value, double baseline) {
    double delta = higherIsBetter ? baseline - value : value - baseline;
    return delta / Math.max(Math.abs(baseline), floor);
  }

  /** Whether {@code value} breaks an absolute {@code limit}: above it, or below it for a higher-is-better SLO. */
  public boolean breaks(double value, double limit) {
    return higherIsBetter ? value < limit : value > limit;
  }
}
