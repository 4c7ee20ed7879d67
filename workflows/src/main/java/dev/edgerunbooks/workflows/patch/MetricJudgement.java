package dev.edgerunbooks.workflows.patch;

/**
 * What the gate judged for one SLO of one store, with every value it compared.
 *
 * @param value over the soak window; null: no data
 * @param ownBaseline the store's pre-change window; null: no data
 * @param peerBaseline median of the not-yet-patched stores; null: none left or no data
 */
public record MetricJudgement(
    SloMetric metric, Double value, Double ownBaseline, Double peerBaseline, Double limit, GateVerdict verdict, String reason) {}
