package dev.edgerunbooks.workflows.drdrill;

/**
 * @param phase the phase running now, null before the first
 * @param guestsReady guests validated so far, in boot order
 */
public record DrillProgress(String storeId, DrillPhase phase, int guestsReady, int guestsTotal, String step) {}
