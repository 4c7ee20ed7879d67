package dev.edgerunbooks.workflows.drdrill;

import io.temporal.activity.ActivityInterface;
import java.time.Duration;

/**
 * Rebuilding a staging cluster from bare metal. Runs on the staging cluster's worker; the root
 * password that joining a cluster needs is read there, never passed here. Every method is
 * idempotent: it checks whether its work is already done first.
 */
@ActivityInterface(namePrefix = "Drill")
public interface DrillActivities {

  /**
   * Reinstalls a node out of band (a configured command in production, the lab's reinstall in the
   * lab) and waits until its API answers again, empty. Heartbeats.
   */
  void provisionNode(String stagingId, String node, Duration timeout);

  /** Creates the cluster on {@code node} unless it is already in a cluster of that name. */
  void createCluster(String stagingId, String node, String clusterName);

  /** Joins {@code node} to the cluster {@code peer} is in, unless it is already a member. */
  void joinCluster(String stagingId, String node, String peer);

  /** Adds {@code bridge} on the node with no ports and no gateway, and applies the network. */
  void createIsolatedBridge(String stagingId, String node, String bridge);

  /** Writes the initial Ceph configuration (once per cluster). */
  void initCeph(String stagingId, String node, String network);

  /** A Ceph monitor and a manager on the node. */
  void createMonitorAndManager(String stagingId, String node);

  /** An OSD on each device of the node that is not one yet. */
  void createOsds(String stagingId, String node, java.util.List<String> devices);

  /** The pool with its RBD storage (named like the pool). */
  void createPool(String stagingId, String node, CephPlan ceph);

  /** Waits until Ceph reports HEALTH_OK. Heartbeats. */
  void awaitCephHealthy(String stagingId, Duration timeout);

  /** Removes a storage definition; one that does not exist is already removed. */
  void removeStorage(String stagingId, String storageId);
}
