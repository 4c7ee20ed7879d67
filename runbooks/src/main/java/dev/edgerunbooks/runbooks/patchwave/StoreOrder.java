package dev.edgerunbooks.runbooks.patchwave;

/** How the stores not listed explicitly fill the sized waves. */
public enum StoreOrder {
  /** In the order the fleet lists them (fleet.yaml). */
  FLEET,
  /**
   * Shuffled, the same way for the same bundle version and differently for the next one, so the
   * stores of the early waves change from bundle to bundle (randomized rings).
   */
  SHUFFLED
}
