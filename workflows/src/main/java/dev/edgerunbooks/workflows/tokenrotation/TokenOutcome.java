package dev.edgerunbooks.workflows.tokenrotation;

/** What a run did to one account's token. */
public enum TokenOutcome {
  NOT_DUE,
  /** Dry run: due, and would be rotated. */
  WOULD_ROTATE,
  /** The new token is in use and the old one is deleted. */
  ROTATED,
  /** A step before the switch failed: the new token is deleted and the old one still works. */
  KEPT_OLD,
  /** The new token is in use but the old one could not be deleted (or a worker still used it): both work. */
  OLD_NOT_REVOKED;

  public boolean failed() {
    return this == KEPT_OLD || this == OLD_NOT_REVOKED;
  }
}
