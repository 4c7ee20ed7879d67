package dev.edgerunbooks.runbooks.drdrill;

import java.util.Locale;

/** The phases of a DR drill that make up its RTO, in order; {@code targets.phases} may set a target for each. */
public enum RtoPhase {
  PROVISION,
  CLUSTER,
  CEPH,
  STORAGE,
  RESTORE;

  /** As dr-drill.yaml writes it: {@code provision}, … */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
