package dev.edgerunbooks.workflows.certrotation;

/** What a run did to one node's certificate. */
public enum NodeOutcome {
  NOT_DUE,
  /** Dry run: due, and would be renewed. */
  WOULD_RENEW,
  RENEWED,
  /** Due, but no certificate could be issued: nothing changed on the node. */
  NOT_ISSUED,
  /** The new certificate did not work; the previous one is served again. */
  RESTORED,
  /** The node serves neither the new certificate nor the previous one: a human must look now. */
  BROKEN,
  /** Due, but not touched: the node serves a custom certificate whose key Vault lacks, so it could not be put back. */
  NEEDS_ATTENTION;

  public boolean failed() {
    return this == NOT_ISSUED || this == RESTORED || this == BROKEN || this == NEEDS_ATTENTION;
  }
}
