package dev.edgerunbooks.workflows.patch;

/**
 * One SLO of the health gate. A store fails it when its value over the soak window breaks the
 * absolute {@code limit}, or is more than {@code maxWorsening} worse than either baseline (its own
 * pre-change window, the median of the stores not yet patched); it is inconclusive when it is more
 * than {@code marginalWorsening} but not more than {@code maxWorsening} worse.
 *
 * @param limit absolute bound (a maximum, or a minimum for a higher-is-better SLO); null for none
 * @param marginalWorsening fraction of a baseline, e.g. 0.2
 * @param maxWorsening fraction of a baseline, e.g. 0.5; not below {@code marginalWorsening}
 */
public record SloObjective(SloMetric metric, Double limit, double marginalWorsening, double maxWorsening) {}
