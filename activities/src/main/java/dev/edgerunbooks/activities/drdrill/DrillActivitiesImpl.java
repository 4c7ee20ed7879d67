package dev.edgerunbooks.activities.drdrill;

import dev.edgerunbooks.activities.Waits;
import dev.edgerunbooks.activities.proxmox.CephStatus;
import dev.edgerunbooks.activities.proxmox.ClusterJoinInfo;
import dev.edgerunbooks.activities.proxmox.ClusterStatusEntry;
import dev.edgerunbooks.activities.proxmox.Disk;
import dev.edgerunbooks.activities.proxmox.Guest;
import dev.edgerunbooks.activities.proxmox.NetworkInterface;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.StorageConfig;
import dev.edgerunbooks.activities.proxmox.TaskProgress;
import dev.edgerunbooks.activities.proxmox.Upid;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrillActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rebuilds a staging cluster from bare nodes, run by that cluster's own worker. Every method checks
 * whether its work is done before it acts; one that waits for a Proxmox task heartbeats its UPID, so
 * a retried attempt waits for that task instead of starting another.
 *
 * <p>Calls that concern one node go to that node's own API: until it joins the cluster no peer can
 * forward to it. Creating and joining the cluster and creating an OSD are for {@code root@pam} only;
 * the client logs in with the root password from the cluster's credentials, read inside the
 * activity and never logged.
 */
public final class DrillActivitiesImpl implements DrillActivities {
  private static final String BRIDGE_COMMENT = "isolated: restored guests only, no ports (edge-runbooks)";

  private final Function<String, StoreClients> clusters;
  private final CredentialSource credentials;
  private final NodeProvisioner provisioner;

  /**
   * @param clusters the clients of a staging cluster by its site id; null for an id this worker does
   *     not serve
   * @param credentials where the cluster's root password is read (key {@code root.password})
   */
  public DrillActivitiesImpl(
      Function<String, StoreClients> clusters, CredentialSource credentials, NodeProvisioner provisioner) {
    this.clusters = clusters;
    this.credentials = credentials;
    this.provisioner = provisioner;
  }

  /** For a worker that serves one staging cluster. */
  public DrillActivitiesImpl(StoreClients cluster, CredentialSource credentials, NodeProvisioner provisioner) {
    this(id -> cluster.storeId().equals(id) ? cluster : null, credentials, provisioner);
  }

  /**
   * What {@link #provisionNode} heartbeats: when the first attempt began, so a retry keeps the
   * deadline, and whether the reinstall already ran, so a retry only waits.
   */
  public record ProvisionWait(long startedAtMillis, boolean reinstalled, String lastSeen) {}

  /** What {@link #awaitCephHealthy} heartbeats. */
  public record HealthWait(long startedAtMillis, int polls, String lastSeen) {}

  @Override
  public void provisionNode(String stagingId, String node, Duration timeout) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    StoreClients cluster = cluster(stagingId);
    PveClient pve = cluster.pveOn(node);
    Optional<ProvisionWait> previous = details(context, ProvisionWait.class).filter(w -> w.startedAtMillis() > 0);
    long started = previous.map(ProvisionWait::startedAtMillis).orElse(System.currentTimeMillis());
    long deadline = started + timeout.toMillis();
    if (previous.isEmpty() || !previous.get().reinstalled()) {
      context.heartbeat(new ProvisionWait(started, false, "reinstalling"));
      provisioner.reinstall(
          stagingId, node, Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())),
          () -> context.heartbeat(new ProvisionWait(started, false, "reinstalling")));
      context.heartbeat(new ProvisionWait(started, true, "reinstalled"));
    }
    while (true) {
      String seen = notBareBecause(pve, node);
      if (seen == null) {
        return;
      }
      context.heartbeat(new ProvisionWait(started, true, seen));
      if (System.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newNonRetryableFailure(
            "node " + node + " of " + stagingId + " was reinstalled but is not back as an empty standalone node within "
                + timeout + "; last seen: " + seen + "; check the node's console",
            FailureTypes.PROVISIONING_FAILED);
      }
      Waits.pause(cluster.settings().taskPollInterval());
    }
  }

  @Override
  public void createCluster(String stagingId, String node, String clusterName) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = cluster(stagingId).pveOn(node);
    resume(context, pve, "clustercreate");
    Optional<String> current = clusterOf(pve);
    if (current.isPresent()) {
      if (current.get().equals(clusterName)) {
        return;
      }
      throw notReady(stagingId, "node " + node + " is already in cluster " + current.get() + ", not " + clusterName
          + ": reinstall it (provisionNode) first");
    }
    run(context, pve, pve.createCluster(clusterName));
    if (!clusterOf(pve).map(clusterName::equals).orElse(false)) {
      throw ApplicationFailure.newFailure(
          "node " + node + " of " + stagingId + " reports no cluster " + clusterName + " after creating it; retried",
          FailureTypes.API_SERVER_ERROR);
    }
  }

  @Override
  public void joinCluster(String stagingId, String node, String peer) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    StoreClients cluster = cluster(stagingId);
    PveClient joining = cluster.pveOn(node);
    PveClient peerApi = cluster.pveOn(peer);
    resume(context, joining, "clusterjoin");
    String target =
        clusterOf(peerApi)
            .orElseThrow(() -> notReady(stagingId, "peer " + peer + " is in no cluster: create the cluster on it first"));
    Optional<String> current = clusterOf(joining);
    if (current.isPresent()) {
      if (current.get().equals(target)) {
        return;
      }
      throw notReady(stagingId, "node " + node + " is already in cluster " + current.get() + ", not in " + target
          + " of " + peer + ": reinstall it (provisionNode) first");
    }
    ClusterJoinInfo info = peerApi.clusterJoinInfo(peer);
    ClusterJoinInfo.Member member =
        info.nodelist().stream()
            .filter(m -> peer.equals(m.name()))
            .findFirst()
            .or(() -> info.nodelist().stream().filter(m -> m.name().equals(info.preferredNode())).findFirst())
            .orElseThrow(
                () -> ApplicationFailure.newFailure(
                    "join information of " + peer + " lists no member " + peer + "; retried", FailureTypes.API_SERVER_ERROR));
    String password = credentials.forStore(stagingId).requireRootPassword(stagingId);
    run(context, joining, joining.joinCluster(member.pveAddr(), member.pveFp(), password));
    if (!clusterOf(joining).map(target::equals).orElse(false)) {
      throw ApplicationFailure.newFailure(
          "node " + node + " of " + stagingId + " is not in cluster " + target + " after joining it; retried",
          FailureTypes.API_SERVER_ERROR);
    }
  }

  @Override
  public void createIsolatedBridge(String stagingId, String node, String bridge) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = cluster(stagingId).pveOn(node);
    Optional<NetworkInterface> existing = find(pve, node, bridge);
    if (existing.isPresent()) {
      NetworkInterface found = existing.get();
      if (!"bridge".equals(found.type()) || !found.hasNoPorts() || found.hasGateway()) {
        throw notReady(stagingId, bridge + " on node " + node + " exists but is not an isolated bridge (type "
            + found.type() + ", ports " + found.bridgePorts() + ", gateway " + found.gateway()
            + "): it may carry traffic, so it is not changed; remove it or pick another bridge name");
      }
    } else {
      pve.createNetwork(node, bridge, "bridge", Map.of("autostart", true, "comments", BRIDGE_COMMENT));
    }
    if (!find(pve, node, bridge).map(i -> Boolean.TRUE.equals(i.active())).orElse(false)) {
      run(context, pve, pve.applyNetwork(node));
    }
  }

  @Override
  public void initCeph(String stagingId, String node, String network) {
    PveClient pve = cluster(stagingId).pveOn(node);
    try {
      // pveceph init keeps an existing configuration's fsid: calling it again changes nothing
      pve.cephInit(node, network);
    } catch (ApplicationFailure e) {
      String message = e.getOriginalMessage();
      if (message == null || !message.contains("already")) {
        throw e;
      }
    }
  }

  @Override
  public void createMonitorAndManager(String stagingId, String node) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = cluster(stagingId).pveOn(node);
    resume(context, pve, "cephcreatemon");
    if (pve.cephMonitors(node).stream().noneMatch(m -> node.equals(m.name()) || node.equals(m.host()))) {
      run(context, pve, pve.createCephMonitor(node));
    }
    resume(context, pve, "cephcreatemgr");
    if (pve.cephManagers(node).stream().noneMatch(m -> node.equals(m.name()) || node.equals(m.host()))) {
      run(context, pve, pve.createCephManager(node));
    }
  }

  @Override
  public void createOsds(String stagingId, String node, List<String> devices) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = cluster(stagingId).pveOn(node);
    resume(context, pve, "cephcreateosd");
    for (String device : devices) {
      Disk disk =
          pve.disks(node).stream()
              .filter(d -> device.equals(d.devpath()))
              .findFirst()
              .orElseThrow(
                  () -> notReady(stagingId, "node " + node + " has no disk " + device
                      + ": fix the drill's OSD devices or the node's hardware"));
      if (disk.osd()) {
        continue;
      }
      run(context, pve, pve.createOsd(node, device));
    }
  }

  @Override
  public void createPool(String stagingId, String node, CephPlan ceph) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = cluster(stagingId).pveOn(node);
    resume(context, pve, "cephcreatepool");
    if (pve.cephPools(node).stream().noneMatch(p -> ceph.pool().equals(p.poolName()))) {
      run(context, pve, pve.createCephPool(node, ceph.pool(), ceph.size(), ceph.minSize(), ceph.pgNum(), true));
    }
    // add_storages adds it in the same task; a pool made some other way may lack it
    Optional<StorageConfig> storage = findStorage(pve, ceph.pool());
    if (storage.isEmpty()) {
      pve.createRbdStorage(ceph.pool(), ceph.pool());
    } else if (!"rbd".equals(storage.get().type())
        || (storage.get().pool() != null && !ceph.pool().equals(storage.get().pool()))) {
      throw notReady(stagingId, "storage " + ceph.pool() + " exists but is a " + storage.get().type() + " storage on pool "
          + storage.get().pool() + ", not the RBD storage of pool " + ceph.pool() + ": remove it");
    }
  }

  @Override
  public void awaitCephHealthy(String stagingId, Duration timeout) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    StoreClients cluster = cluster(stagingId);
    PveClient pve = cluster.pve();
    long started =
        details(context, HealthWait.class)
            .map(HealthWait::startedAtMillis)
            .filter(t -> t > 0)
            .orElse(System.currentTimeMillis());
    long deadline = started + timeout.toMillis();
    int polls = 0;
    while (true) {
      String seen;
      try {
        CephStatus status = pve.cephStatus();
        if (status.healthOk()) {
          return;
        }
        seen = status.describeHealth();
      } catch (ApplicationFailure e) {
        if (e.isNonRetryable()) {
          throw e;
        }
        seen = e.getType() + ": " + e.getOriginalMessage(); // monitors still forming a quorum
      }
      polls++;
      context.heartbeat(new HealthWait(started, polls, seen));
      if (System.currentTimeMillis() >= deadline) {
        throw notReady(stagingId, "Ceph is not healthy within " + timeout + ": " + seen);
      }
      Waits.pause(cluster.settings().taskPollInterval());
    }
  }

  @Override
  public void removeStorage(String stagingId, String storageId) {
    try {
      cluster(stagingId).pve().deleteStorage(storageId);
    } catch (ApplicationFailure e) {
      if (!PveClient.notFound(e)) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Null once the node answers, is in no cluster and holds no guest; otherwise what is not so. */
  private static String notBareBecause(PveClient pve, String node) {
    try {
      Optional<String> cluster = clusterOf(pve);
      if (cluster.isPresent()) {
        return "still in cluster " + cluster.get();
      }
      List<Guest> guests = pve.clusterGuests();
      if (!guests.isEmpty()) {
        return "still holds guests " + guests.stream().map(Guest::vmid).toList();
      }
      return null;
    } catch (ApplicationFailure e) {
      if (e.isNonRetryable()) {
        throw e; // answers but refuses us or shows another certificate: the reinstall lost them
      }
      return "API of " + node + " not answering yet (" + e.getType() + ")";
    }
  }

  /** The name of the cluster the node is in, from its own {@code /cluster/status}. */
  private static Optional<String> clusterOf(PveClient pve) {
    return pve.clusterStatus().stream()
        .filter(e -> "cluster".equals(e.type()))
        .map(ClusterStatusEntry::name)
        .findFirst();
  }

  private static Optional<NetworkInterface> find(PveClient pve, String node, String iface) {
    return pve.networks(node, null).stream().filter(i -> iface.equals(i.iface())).findFirst();
  }

  private static Optional<StorageConfig> findStorage(PveClient pve, String storage) {
    try {
      return Optional.ofNullable(pve.storage(storage));
    } catch (ApplicationFailure e) {
      if (PveClient.notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Heartbeats the task's UPID at once (so a retry finds it), then waits; a failed task is TASK_FAILED. */
  private static void run(ActivityExecutionContext context, PveClient pve, Upid upid) {
    context.heartbeat(new TaskProgress(upid.text(), "running", 0, 0));
    pve.awaitTask(upid, context::heartbeat);
  }

  /**
   * Waits for the task of this type an earlier attempt heartbeated, if any; a task the node forgot
   * (reinstalled, rebooted) is skipped, the caller's check finds the state.
   */
  private static void resume(ActivityExecutionContext context, PveClient pve, String type) {
    Optional<Upid> previous;
    try {
      previous =
          context.getHeartbeatDetails(TaskProgress.class)
              .map(TaskProgress::upid)
              .map(Upid::parse)
              .filter(u -> u.type().equals(type));
    } catch (RuntimeException e) {
      previous = Optional.empty(); // details of another shape
    }
    if (previous.isEmpty()) {
      return;
    }
    try {
      pve.awaitTask(previous.get(), context::heartbeat);
    } catch (ApplicationFailure e) {
      if (!PveClient.notFound(e)) {
        throw e;
      }
    }
  }

  private static <T> Optional<T> details(ActivityExecutionContext context, Class<T> type) {
    try {
      return context.getHeartbeatDetails(type);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static ApplicationFailure notReady(String stagingId, String why) {
    return ApplicationFailure.newNonRetryableFailure(
        "staging cluster " + stagingId + ": " + why, FailureTypes.STAGING_NOT_READY);
  }

  private StoreClients cluster(String stagingId) {
    StoreClients cluster = clusters.apply(stagingId);
    if (cluster == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this worker serves no staging cluster " + stagingId + ": check the task queue the workflow used (site-"
              + stagingId + ")",
          FailureTypes.UNKNOWN_STORE);
    }
    return cluster;
  }
}
