package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A store's PVE cluster. Any node answers for the whole cluster (pveproxy forwards to the node that
 * owns a call), so a call goes to the node that last answered and fails over to the next when a node
 * is unreachable. A pin mismatch, a refused token or a bad request never fails over: another node
 * would not make them right.
 *
 * <p>Calls authenticate with the API token, except the few routes only {@code root@pam} may call
 * (their schema has no permission check: {@link #createCluster}, {@link #joinCluster}, {@link
 * #createOsd}), which refuse every token: those log in as {@code root@pam} with the password from
 * the supplier given at construction, once per node, and send the ticket.
 */
public final class PveClient {
  /** The user root-only routes log in as. */
  public static final String ROOT = "root@pam";

  private final String storeId;
  private final List<ApiEndpoint> nodes;
  private final Supplier<String> rootPassword;
  private final Map<ApiEndpoint, ApiEndpoint> rootSessions = new ConcurrentHashMap<>();
  private final AtomicInteger preferred = new AtomicInteger();

  public PveClient(String storeId, List<ApiEndpoint> nodes) {
    this(storeId, nodes, null);
  }

  /**
   * @param rootPassword reads the {@code root@pam} password when a root-only route is first called
   *     on a node; null when this client never calls one
   */
  public PveClient(String storeId, List<ApiEndpoint> nodes, Supplier<String> rootPassword) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("store " + storeId + " has no PVE nodes");
    }
    this.storeId = storeId;
    this.nodes = List.copyOf(nodes);
    this.rootPassword = rootPassword;
  }

  public String storeId() {
    return storeId;
  }

  public List<ClusterStatusEntry> clusterStatus() {
    return get("/cluster/status", Map.of(), new TypeReference<>() {});
  }

  /** @param type {@code vm}, {@code storage}, {@code node}, {@code sdn}, or null for all */
  public List<ClusterResource> clusterResources(String type) {
    return get("/cluster/resources", params("type", type), new TypeReference<>() {});
  }

  public NodeStatus nodeStatus(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/status", Map.of(), new TypeReference<>() {});
  }

  /** The VMs and containers on one node, ordered by vmid. */
  public List<Guest> guests(String node) {
    String base = "/nodes/" + ApiEndpoint.segment(node);
    List<Guest> guests = new ArrayList<>();
    for (String type : List.of("qemu", "lxc")) {
      List<Guest> found = get(base + "/" + type, Map.of(), new TypeReference<List<Guest>>() {});
      found.forEach(g -> guests.add(g.on(node, type)));
    }
    guests.sort(Comparator.comparingInt(Guest::vmid));
    return guests;
  }

  /** Every VM and container of the cluster, ordered by vmid, from one {@code /cluster/resources}. */
  public List<Guest> clusterGuests() {
    return clusterResources("vm").stream()
        .filter(ClusterResource::guest)
        .filter(r -> r.vmid() != null)
        .map(Guest::of)
        .sorted(Comparator.comparingInt(Guest::vmid))
        .toList();
  }

  /** @param content e.g. {@code backup}; @param vmid null for every guest */
  public List<BackupVolume> storageContent(String node, String storage, String content, Integer vmid) {
    return get(
        "/nodes/" + ApiEndpoint.segment(node) + "/storage/" + ApiEndpoint.segment(storage) + "/content",
        params("content", content, "vmid", vmid),
        new TypeReference<>() {});
  }

  public CephStatus cephStatus() {
    return get("/cluster/ceph/status", Map.of(), new TypeReference<>() {});
  }

  public TaskStatus taskStatus(String node, Upid upid) {
    return get(taskPath(node, upid) + "/status", Map.of(), new TypeReference<>() {});
  }

  public List<TaskLogLine> taskLog(String node, Upid upid, int start, int limit) {
    return get(taskPath(node, upid) + "/log", params("start", start, "limit", limit), new TypeReference<>() {});
  }

  /** Polls until the task stops and returns its end status, whatever the exit status. */
  public TaskStatus awaitTaskEnd(Upid upid, Consumer<TaskProgress> heartbeat) {
    return new TaskWatch(upid, () -> taskStatus(upid.node(), upid), settings()).awaitEnd(heartbeat);
  }

  /** Polls until the task stops; a failed task becomes a non-retryable TASK_FAILED. */
  public TaskStatus awaitTask(Upid upid, Consumer<TaskProgress> heartbeat) {
    TaskStatus end = awaitTaskEnd(upid, heartbeat);
    return TaskWatch.requireSuccess(
        end, upid, "store " + storeId + " node " + upid.node(), () -> taskLog(upid.node(), upid, 0, 10_000));
  }

  /** The guests whose vmid lies in {@code [first, last]}, ordered by vmid. */
  public List<Guest> guestsInRange(int first, int last) {
    return clusterGuests().stream().filter(g -> g.vmid() >= first && g.vmid() <= last).toList();
  }

  /** The guest with this vmid, wherever it is. */
  public Optional<Guest> findGuest(int vmid) {
    return clusterGuests().stream().filter(g -> g.vmid() == vmid).findFirst();
  }

  // ---------------------------------------------------------------- guests

  /** @param type {@code qemu} or {@code lxc} */
  public GuestStatus guestStatus(String node, String type, int vmid) {
    return get(guestPath(node, type, vmid) + "/status/current", Map.of(), new TypeReference<>() {});
  }

  public GuestConfig guestConfig(String node, String type, int vmid) {
    return get(guestPath(node, type, vmid) + "/config", Map.of(), new TypeReference<>() {});
  }

  /**
   * Changes a guest's configuration at once ({@code PUT …/config}, synchronous for both types).
   *
   * @param digest the digest of the configuration the change was made from; the update fails if the
   *     file changed since. Null to skip the check
   */
  public void updateGuestConfig(String node, String type, int vmid, Map<String, ?> changes, String digest) {
    Map<String, Object> params = new LinkedHashMap<>(changes);
    if (digest != null) {
      params.put("digest", digest);
    }
    put(guestPath(node, type, vmid) + "/config", params, new TypeReference<Object>() {});
  }

  public Upid startGuest(String node, String type, int vmid) {
    return upid(post(guestPath(node, type, vmid) + "/status/start", Map.of(), new TypeReference<>() {}));
  }

  /** Stops at once, like pulling the plug. */
  public Upid stopGuest(String node, String type, int vmid) {
    return upid(post(guestPath(node, type, vmid) + "/status/stop", Map.of(), new TypeReference<>() {}));
  }

  /** Destroys a stopped guest with its disks, its jobs and ACLs ({@code purge=1}). */
  public Upid destroyGuest(String node, String type, int vmid) {
    return upid(
        delete(
            guestPath(node, type, vmid),
            params("purge", true, "destroy-unreferenced-disks", true),
            new TypeReference<>() {}));
  }

  /** Restores a VM backup: stopped, with new MAC addresses ({@code unique=1}), onto {@code storage}. */
  public Upid restoreVm(String node, int vmid, String archive, String storage) {
    return upid(
        post(
            "/nodes/" + ApiEndpoint.segment(node) + "/qemu",
            params("vmid", vmid, "archive", archive, "storage", storage, "unique", true, "start", false),
            new TypeReference<>() {}));
  }

  /**
   * Restores a container backup, with new MAC addresses, onto {@code storage} (always named: PVE
   * would default to {@code local}).
   */
  public Upid restoreContainer(String node, int vmid, String ostemplate, String storage) {
    return upid(
        post(
            "/nodes/" + ApiEndpoint.segment(node) + "/lxc",
            params("vmid", vmid, "ostemplate", ostemplate, "restore", true, "storage", storage, "unique", true),
            new TypeReference<>() {}));
  }

  /** Answers when the VM's QEMU guest agent does; a 500 while it does not run. */
  public void agentPing(String node, int vmid) {
    post(guestPath(node, "qemu", vmid) + "/agent/ping", Map.of(), new TypeReference<Object>() {});
  }

  /** Starts a command through the guest agent and returns its pid inside the guest. */
  public long agentExec(String node, int vmid, List<String> command) {
    AgentExecStarted started =
        post(guestPath(node, "qemu", vmid) + "/agent/exec", params("command", command), new TypeReference<>() {});
    return started.pid();
  }

  public AgentExecStatus agentExecStatus(String node, int vmid, long pid) {
    return get(guestPath(node, "qemu", vmid) + "/agent/exec-status", params("pid", pid), new TypeReference<>() {});
  }

  /** The network interfaces inside a running container. */
  public List<GuestInterface> containerInterfaces(String node, int vmid) {
    return get(guestPath(node, "lxc", vmid) + "/interfaces", Map.of(), new TypeReference<>() {});
  }

  /** Reboots a running guest (shutdown, then start; the pull agent runs at the start). */
  public Upid rebootGuest(String node, String type, int vmid) {
    return upid(post(guestPath(node, type, vmid) + "/status/reboot", Map.of(), new TypeReference<>() {}));
  }

  /**
   * Moves a guest to {@code target}: a running VM live ({@code online=1}), a running container by
   * restarting it there ({@code restart=1}: containers cannot live-migrate), a stopped one offline.
   */
  public Upid migrateGuest(String node, String type, int vmid, String target, boolean running) {
    Map<String, Object> params =
        type.equals("qemu")
            ? params("target", target, "online", running ? Boolean.TRUE : null)
            : params("target", target, "restart", running ? Boolean.TRUE : null);
    return upid(post(guestPath(node, type, vmid) + "/migrate", params, new TypeReference<>() {}));
  }

  /** The guest's snapshots, oldest first, without the pseudo-entry {@code current}. */
  public List<GuestSnapshot> snapshots(String node, String type, int vmid) {
    List<GuestSnapshot> all = get(guestPath(node, type, vmid) + "/snapshot", Map.of(), new TypeReference<>() {});
    return all.stream().filter(s -> !GuestSnapshot.CURRENT.equals(s.name())).toList();
  }

  /** A snapshot of the disks (and config), without the RAM of a running VM. */
  public Upid createSnapshot(String node, String type, int vmid, String name, String description) {
    return upid(
        post(
            guestPath(node, type, vmid) + "/snapshot",
            params("snapname", name, "description", description),
            new TypeReference<>() {}));
  }

  /** Rolls the guest back to the snapshot; it is stopped afterwards (no {@code start}). */
  public Upid rollbackSnapshot(String node, String type, int vmid, String name) {
    return upid(
        post(
            guestPath(node, type, vmid) + "/snapshot/" + ApiEndpoint.segment(name) + "/rollback",
            Map.of(),
            new TypeReference<>() {}));
  }

  public Upid deleteSnapshot(String node, String type, int vmid, String name) {
    return upid(
        delete(guestPath(node, type, vmid) + "/snapshot/" + ApiEndpoint.segment(name), Map.of(), new TypeReference<>() {}));
  }

  // ---------------------------------------------------------------- tasks

  /**
   * A node's tasks, newest first.
   *
   * @param source {@code active}, {@code archive} (the default) or {@code all}
   * @param vmid only tasks on this guest, or null; @param type e.g. {@code qmrestore}, or null
   */
  public List<TaskSummary> tasks(String node, String source, Integer vmid, String type) {
    List<TaskSummary> tasks =
        new ArrayList<>(
            get(
                "/nodes/" + ApiEndpoint.segment(node) + "/tasks",
                params("source", source, "vmid", vmid, "typefilter", type, "limit", 500),
                new TypeReference<List<TaskSummary>>() {}));
    tasks.sort(Comparator.comparing((TaskSummary t) -> t.starttime() == null ? 0L : t.starttime()).reversed());
    return tasks;
  }

  /** Stops a running task; the task then ends with an error such as {@code interrupted by signal}. */
  public void stopTask(String node, Upid upid) {
    delete(taskPath(node, upid), Map.of(), new TypeReference<Object>() {});
  }

  // ---------------------------------------------------------------- nodes

  /**
   * Reboots the node ({@code POST /nodes/{node}/status command=reboot}). Synchronous and answers
   * null: the node goes down right after, so poll {@code /cluster/status} for it to come back.
   */
  public void rebootNode(String node) {
    post("/nodes/" + ApiEndpoint.segment(node) + "/status", params("command", "reboot"), new TypeReference<Object>() {});
  }

  /** The node's Proxmox-relevant packages ({@code pveversion -v}), with the running kernel on {@code proxmox-ve}. */
  public List<AptPackage> aptVersions(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/apt/versions", Map.of(), new TypeReference<>() {});
  }

  // ---------------------------------------------------------------- network

  /** @param type e.g. {@code bridge}, or null for every interface */
  public List<NetworkInterface> networks(String node, String type) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/network", params("type", type), new TypeReference<>() {});
  }

  public NetworkInterface network(String node, String iface) {
    return get(
        "/nodes/" + ApiEndpoint.segment(node) + "/network/" + ApiEndpoint.segment(iface),
        Map.of(),
        new TypeReference<>() {});
  }

  /**
   * Adds an interface to the node's pending network configuration; {@link #applyNetwork} makes it
   * live.
   *
   * @param options e.g. {@code bridge_ports}, {@code cidr}, {@code comments}; nulls left out
   */
  public void createNetwork(String node, String iface, String type, Map<String, ?> options) {
    Map<String, Object> params = new LinkedHashMap<>(params("iface", iface, "type", type));
    options.forEach((k, v) -> {
      if (v != null) {
        params.put(k, v);
      }
    });
    post("/nodes/" + ApiEndpoint.segment(node) + "/network", params, new TypeReference<Object>() {});
  }

  /** Applies the pending network configuration (ifreload) and returns the task. */
  public Upid applyNetwork(String node) {
    return upid(put("/nodes/" + ApiEndpoint.segment(node) + "/network", Map.of(), new TypeReference<>() {}));
  }

  // ---------------------------------------------------------------- storage

  public List<StorageConfig> storages() {
    return get("/storage", Map.of(), new TypeReference<>() {});
  }

  /** The storages of one type ({@code GET /storage?type=}), e.g. {@code pbs}. */
  public List<StorageConfig> storages(String type) {
    return get("/storage", params("type", type), new TypeReference<>() {});
  }

  /**
   * Gives a PBS storage another login ({@code PUT /storage/{storage}} with {@code username} and
   * {@code password}). PVE logs in with it from the next backup, content listing or restore on; the
   * update itself logs in to nothing, so a wrong secret shows only then.
   *
   * @param username the PBS token id, {@code user@realm!token}
   * @param password the token's secret: sent in the body, never returned (PVE does not show it)
   * @param digest the storage configuration's digest as read, so that a concurrent change is refused;
   *     null to skip the check
   */
  public void updatePbsStorageLogin(String storage, String username, String password, String digest) {
    put(
        "/storage/" + ApiEndpoint.segment(storage),
        params("username", username, "password", password, "digest", digest),
        new TypeReference<Object>() {});
  }

  /** A storage definition; PVE answers an error saying it {@code does not exist} when there is none. */
  public StorageConfig storage(String storage) {
    return get("/storage/" + ApiEndpoint.segment(storage), Map.of(), new TypeReference<>() {});
  }

  /**
   * Adds a Proxmox Backup Server datastore as a storage.
   *
   * @param username the PBS token id, {@code user@realm!token}
   * @param password the token's secret: sent once, in the body
   * @param fingerprint the PBS certificate's SHA-256 fingerprint, {@code AA:BB:…}
   */
  public void createPbsStorage(
      String storage, String server, int port, String datastore, String username, String password, String fingerprint) {
    post(
        "/storage",
        params("storage", storage, "type", "pbs", "server", server, "port", port, "datastore", datastore,
            "username", username, "password", password, "fingerprint", fingerprint, "content", "backup"),
        new TypeReference<Object>() {});
  }

  /** Adds a Ceph RBD pool of this cluster as a storage for VM disks and container volumes. */
  public void createRbdStorage(String storage, String pool) {
    post(
        "/storage",
        params("storage", storage, "type", "rbd", "pool", pool, "content", "images,rootdir", "krbd", false),
        new TypeReference<Object>() {});
  }

  public void deleteStorage(String storage) {
    delete("/storage/" + ApiEndpoint.segment(storage), Map.of(), new TypeReference<Object>() {});
  }

  // ---------------------------------------------------------------- firewall

  public ClusterFirewallOptions clusterFirewallOptions() {
    return get("/cluster/firewall/options", Map.of(), new TypeReference<>() {});
  }

  /** The cluster-wide rules, in the order they apply. */
  public List<FirewallRule> clusterFirewallRules() {
    return get("/cluster/firewall/rules", Map.of(), new TypeReference<>() {});
  }

  /** @param type {@code qemu} or {@code lxc} */
  public GuestFirewallOptions guestFirewallOptions(String node, String type, int vmid) {
    return get(guestPath(node, type, vmid) + "/firewall/options", Map.of(), new TypeReference<>() {});
  }

  /** A guest's own rules, in the order they apply. @param type {@code qemu} or {@code lxc} */
  public List<FirewallRule> guestFirewallRules(String node, String type, int vmid) {
    return get(guestPath(node, type, vmid) + "/firewall/rules", Map.of(), new TypeReference<>() {});
  }

  // ---------------------------------------------------------------- certificates

  /** The node's certificates; {@link CertificateInfo#served} picks the one pveproxy serves. */
  public List<CertificateInfo> certificates(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/certificates/info", Map.of(), new TypeReference<>() {});
  }

  /**
   * Installs a custom certificate ({@code pveproxy-ssl.pem}) with its key ({@code POST
   * /nodes/{node}/certificates/custom}, synchronous); returns the new file's info. With {@code
   * restart} the node's pveproxy restarts and serves it, closing its connections: call it through
   * another node ({@link dev.edgerunbooks.activities.store.StoreClients#pveExcept}).
   *
   * @param force replace a custom certificate already installed
   */
  public CertificateInfo uploadCustomCertificate(String node, String pemChain, String keyPem, boolean force, boolean restart) {
    return post(
        "/nodes/" + ApiEndpoint.segment(node) + "/certificates/custom",
        params("certificates", pemChain, "key", keyPem, "force", force, "restart", restart),
        new TypeReference<>() {});
  }

  /** Removes the custom certificate, so the node serves its own {@code pve-ssl.pem} (after a restart). */
  public void deleteCustomCertificate(String node, boolean restart) {
    delete("/nodes/" + ApiEndpoint.segment(node) + "/certificates/custom", params("restart", restart), new TypeReference<Object>() {});
  }

  // ---------------------------------------------------------------- API tokens and ACLs

  /** The user's API tokens (names, expiry, privilege separation; never secrets). */
  public List<ApiToken> apiTokens(String userid) {
    return get(tokensPath(userid), Map.of(), new TypeReference<>() {});
  }

  /**
   * Creates a token ({@code POST /access/users/{userid}/token/{tokenid}}); its secret is in the
   * answer, once.
   *
   * @param expire epoch seconds, 0 for never
   * @param privsep whether it gets its own ACL instead of the user's privileges
   */
  public NewApiToken createApiToken(String userid, String name, long expire, boolean privsep, String comment) {
    return post(tokensPath(userid) + "/" + ApiEndpoint.segment(name),
        params("expire", expire, "privsep", privsep, "comment", comment), new TypeReference<>() {});
  }

  /** Deletes a token (and its ACL entries). */
  public void deleteApiToken(String userid, String name) {
    delete(tokensPath(userid) + "/" + ApiEndpoint.segment(name), Map.of(), new TypeReference<Object>() {});
  }

  /** Every ACL entry of the cluster the caller may see. */
  public List<AclEntry> acl() {
    return get("/access/acl", Map.of(), new TypeReference<>() {});
  }

  /** Grants {@code roles} (comma-separated) on {@code path} to a token ({@code PUT /access/acl}). */
  public void grantTokenAcl(String path, String roles, String tokenId, boolean propagate) {
    put("/access/acl", params("path", path, "roles", roles, "tokens", tokenId, "propagate", propagate), new TypeReference<Object>() {});
  }

  static String tokensPath(String userid) {
    return "/access/users/" + ApiEndpoint.segment(userid) + "/token";
  }

  // ---------------------------------------------------------------- cluster

  /** Creates a cluster on the node this client calls; root only. */
  public Upid createCluster(String clusterName) {
    return upid(asRoot(node -> node.post("/cluster/config", params("clustername", clusterName), new TypeReference<String>() {})));
  }

  /** What joining the cluster of the node asked needs: each member's address and fingerprint. */
  public ClusterJoinInfo clusterJoinInfo(String node) {
    return get("/cluster/config/join", params("node", node), new TypeReference<>() {});
  }

  /**
   * Joins the node this client calls to the cluster of {@code hostname}; root only.
   *
   * @param fingerprint the API certificate fingerprint of {@code hostname}, from {@link #clusterJoinInfo}
   * @param peerRootPassword the root password of {@code hostname}: sent once, in the body
   */
  public Upid joinCluster(String hostname, String fingerprint, String peerRootPassword) {
    return upid(
        asRoot(
            node ->
                node.post(
                    "/cluster/config/join",
                    params("hostname", hostname, "fingerprint", fingerprint, "password", peerRootPassword),
                    new TypeReference<String>() {})));
  }

  /** The corosync members of the cluster; an error on a node that is in none. */
  public List<String> clusterNodes() {
    List<Map<String, Object>> nodes = get("/cluster/config/nodes", Map.of(), new TypeReference<>() {});
    return nodes.stream().map(n -> String.valueOf(n.get("node"))).toList();
  }

  // ---------------------------------------------------------------- ceph

  /** Writes the initial Ceph configuration (synchronous). */
  public void cephInit(String node, String network) {
    post("/nodes/" + ApiEndpoint.segment(node) + "/ceph/init", params("network", network), new TypeReference<Object>() {});
  }

  public List<CephMonitor> cephMonitors(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/ceph/mon", Map.of(), new TypeReference<>() {});
  }

  /** A monitor named like the node, on the node. */
  public Upid createCephMonitor(String node) {
    return upid(
        post(
            "/nodes/" + ApiEndpoint.segment(node) + "/ceph/mon/" + ApiEndpoint.segment(node),
            Map.of(),
            new TypeReference<>() {}));
  }

  public List<CephManager> cephManagers(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/ceph/mgr", Map.of(), new TypeReference<>() {});
  }

  /** A manager named like the node, on the node. */
  public Upid createCephManager(String node) {
    return upid(
        post(
            "/nodes/" + ApiEndpoint.segment(node) + "/ceph/mgr/" + ApiEndpoint.segment(node),
            Map.of(),
            new TypeReference<>() {}));
  }

  /** Creates an OSD on a whole device, e.g. {@code /dev/nvme0n1}; root only. */
  public Upid createOsd(String node, String device) {
    return upid(
        asRoot(
            endpoint ->
                endpoint.post(
                    "/nodes/" + ApiEndpoint.segment(node) + "/ceph/osd", params("dev", device),
                    new TypeReference<String>() {})));
  }

  public List<CephPool> cephPools(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/ceph/pool", Map.of(), new TypeReference<>() {});
  }

  /** A replicated RBD pool; with {@code addStorages} PVE also adds an RBD storage named like it. */
  public Upid createCephPool(String node, String name, int size, int minSize, int pgNum, boolean addStorages) {
    return upid(
        post(
            "/nodes/" + ApiEndpoint.segment(node) + "/ceph/pool",
            params("name", name, "size", size, "min_size", minSize, "pg_num", pgNum, "application", "rbd",
                "add_storages", addStorages),
            new TypeReference<>() {}));
  }

  public List<CephFlag> cephFlags() {
    return get("/cluster/ceph/flags", Map.of(), new TypeReference<>() {});
  }

  /** Sets or clears one cluster flag, e.g. {@code noout} (synchronous, unlike the several-flag PUT). */
  public void setCephFlag(String flag, boolean value) {
    put("/cluster/ceph/flags/" + ApiEndpoint.segment(flag), params("value", value), new TypeReference<Object>() {});
  }

  /** The CRUSH tree as {@code node} sees it (the whole cluster's); proxied to that node, so a 595 while it is down. */
  public CephOsdTree osdTree(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/ceph/osd", Map.of(), new TypeReference<>() {});
  }

  public List<Disk> disks(String node) {
    return get("/nodes/" + ApiEndpoint.segment(node) + "/disks/list", Map.of(), new TypeReference<>() {});
  }

  /** A GET on whichever node answers; for calls the typed methods do not cover yet. */
  public <T> T get(String path, Map<String, ?> params, TypeReference<T> type) {
    return onCluster(true, node -> node.get(path, params, type));
  }

  /**
   * A POST on whichever node answers. It fails over only when the request surely never reached a
   * node (refused or timed-out connect, 595/596), so a change is never made twice.
   */
  public <T> T post(String path, Map<String, ?> params, TypeReference<T> type) {
    return onCluster(false, node -> node.post(path, params, type));
  }

  public <T> T put(String path, Map<String, ?> params, TypeReference<T> type) {
    return onCluster(false, node -> node.put(path, params, type));
  }

  public <T> T delete(String path, Map<String, ?> params, TypeReference<T> type) {
    return onCluster(false, node -> node.delete(path, params, type));
  }

  private <T> T onCluster(boolean idempotent, Function<ApiEndpoint, T> call) {
    int first = preferred.get();
    ApplicationFailure last = null;
    List<String> tried = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      int index = (first + i) % nodes.size();
      ApiEndpoint node = nodes.get(index);
      try {
        T result = call.apply(node);
        preferred.set(index);
        return result;
      } catch (ApplicationFailure failure) {
        if (!ApiFailures.isUnreachable(failure) || (!idempotent && !neverSent(failure))) {
          throw failure;
        }
        last = failure;
        tried.add(node.connection().label());
      }
    }
    throw ApplicationFailure.newFailureWithCause(
        "no PVE node of store " + storeId + " answered (tried " + String.join(", ", tried)
            + "); last error: " + last.getOriginalMessage(),
        FailureTypes.STORE_UNREACHABLE,
        last);
  }

  private static boolean neverSent(ApplicationFailure failure) {
    Throwable cause = failure.getCause();
    return cause == null // 595/596: pveproxy answered that it could not forward
        || cause instanceof ConnectException
        || cause instanceof HttpConnectTimeoutException
        || cause.getCause() instanceof ConnectException;
  }

  /**
   * A call that only {@code root@pam} may make, with a ticket for the node it goes to. Fails over like
   * any call that changes something; the login itself never changes anything.
   */
  private <T> T asRoot(Function<ApiEndpoint, T> call) {
    return onCluster(false, node -> call.apply(rootSessions.computeIfAbsent(node, this::login)));
  }

  private ApiEndpoint login(ApiEndpoint node) {
    if (rootPassword == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this client of store " + storeId + " has no " + ROOT + " password, and only " + ROOT
              + " may make this call: build it with the store's root password",
          FailureTypes.AUTH_FAILED);
    }
    return node.login(ROOT, rootPassword.get());
  }

  public ClientSettings settings() {
    return nodes.get(0).settings();
  }

  private static String guestPath(String node, String type, int vmid) {
    if (!type.equals("qemu") && !type.equals("lxc")) {
      throw new IllegalArgumentException("a guest type is qemu or lxc, not " + type);
    }
    return "/nodes/" + ApiEndpoint.segment(node) + "/" + type + "/" + vmid;
  }

  private static Upid upid(String text) {
    return Upid.parse(text);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record AgentExecStarted(long pid) {}

  private static String taskPath(String node, Upid upid) {
    return "/nodes/" + ApiEndpoint.segment(node) + "/tasks/" + upid.pathSegment();
  }

  /**
   * Whether a failure says the object asked for does not exist: a 404, or the 500 PVE answers for a
   * guest, storage or task it does not know ({@code … does not exist}, {@code no such task}).
   */
  public static boolean notFound(ApplicationFailure failure) {
    if (FailureTypes.NOT_FOUND.equals(failure.getType())) {
      return true;
    }
    String message = failure.getOriginalMessage();
    return FailureTypes.API_SERVER_ERROR.equals(failure.getType())
        && message != null
        && (message.contains("does not exist") || message.contains("no such task"));
  }

  static Map<String, Object> params(Object... keyValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        params.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return params;
  }

  @Override
  public String toString() {
    return "PveClient[store " + storeId + ", " + nodes.size() + " nodes]";
  }
}
