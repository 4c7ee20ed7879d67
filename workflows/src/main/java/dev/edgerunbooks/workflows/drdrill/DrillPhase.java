package dev.edgerunbooks.workflows.drdrill;

/** The phases of a DR drill, in order. RTO runs from the start of PROVISION to the end of RESTORE. */
public enum DrillPhase {
  /** Reinstall the staging nodes (out of band). */
  PROVISION,
  /** Create the cluster on the first node, join the others, add the isolated bridge. */
  CLUSTER,
  /** Ceph: init, a monitor and a manager per node, OSDs, a 3-replica pool with its RBD storage. */
  CEPH,
  /** The PBS storage holding the store's backups. */
  STORAGE,
  /** Restore, start and validate every guest in boot order. */
  RESTORE,
  /** Destroy the restored guests and remove the backup storage. Not part of RTO. */
  TEARDOWN
}
