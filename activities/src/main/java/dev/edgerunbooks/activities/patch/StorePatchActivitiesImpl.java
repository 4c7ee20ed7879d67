package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.activities.proxmox.AptPackage;
import dev.edgerunbooks.activities.proxmox.CephOsdTree;
import dev.edgerunbooks.activities.proxmox.CephStatus;
import dev.edgerunbooks.activities.proxmox.ClusterStatusEntry;
import dev.edgerunbooks.activities.proxmox.Guest;
import dev.edgerunbooks.activities.proxmox.GuestConfig;
import dev.edgerunbooks.activities.proxmox.GuestProbes;
import dev.edgerunbooks.activities.proxmox.GuestSnapshot;
import dev.edgerunbooks.activities.proxmox.GuestStatus;
import dev.edgerunbooks.activities.proxmox.NodeStatus;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.TaskProgress;
import dev.edgerunbooks.activities.proxmox.TaskSummary;
import dev.edgerunbooks.activities.proxmox.Upid;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.BundleManifest;
import dev.edgerunbooks.workflows.patch.GuestPlacement;
import dev.edgerunbooks.workflows.patch.NodeUpgrade;
import dev.edgerunbooks.workflows.patch.PatchGuest;
import dev.edgerunbooks.workflows.patch.StorePatchActivities;
import dev.edgerunbooks.workflows.patch.StorePreflight;
import dev.edgerunbooks.workflows.patch.StoreProbeResult;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.ProbeResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The steps of a store's patch, run by the store's own worker through its PVE API. Every step checks
 * before it acts: a retried attempt first waits for the task an earlier attempt left running on the
 * guest (found in the node's active tasks), then finds the work done and does not repeat it.
 *
 * <p>The bundle a guest runs is what its pull agent installed at its last start, from its {@code
 * bundle-<version>} tag; PVE shows only the tag. So a guest "runs" a version when its tag names it and
 * it is running, and an attempt that set the tag itself (kept in its heartbeat) also asks that the
 * guest started since.
 */
public final class StorePatchActivitiesImpl implements StorePatchActivities {
  private static final Set<String> SNAPSHOT_TASKS = Set.of("qmsnapshot", "vzsnapshot");
  private static final Set<String> DELETE_SNAPSHOT_TASKS = Set.of("qmdelsnapshot", "vzdelsnapshot");
  private static final Set<String> MIGRATE_TASKS = Set.of("qmigrate", "vzmigrate");
  private static final Set<String> POWER_TASKS =
      Set.of("qmstart", "vzstart", "qmreboot", "vzreboot", "qmshutdown", "vzshutdown", "qmstop", "vzstop", "qmrollback", "vzrollback");

  private final StoreClients store;
  private final NodeUpgrader upgrader;
  private final Map<Integer, GuestProbe> probes;
  private final StorePatchSettings settings;

  /**
   * @param upgrader installs host packages out of band
   * @param probes each guest's application probe by vmid (its role's entry of {@code probes.yaml});
   *     a guest without one passes when it runs and, for a VM with an agent, its agent answers
   */
  public StorePatchActivitiesImpl(
      StoreClients store, NodeUpgrader upgrader, Map<Integer, GuestProbe> probes, StorePatchSettings settings) {
    this.store = store;
    this.upgrader = upgrader;
    this.probes = Map.copyOf(probes);
    this.settings = settings;
  }

  public StorePatchActivitiesImpl(StoreClients store, NodeUpgrader upgrader) {
    this(store, upgrader, Map.of(), StorePatchSettings.defaults());
  }

  /** What {@link #evacuateNode} heartbeats: the guests moved so far, so a retry reports them too. */
  public record Evacuation(List<GuestPlacement> moved, TaskProgress task) {}

  /** What {@link #rebootNode} heartbeats. @param sentAtMillis when the reboot was asked, 0 before */
  public record RebootWait(long startedAtMillis, long sentAtMillis, boolean sawDown, String lastSeen) {}

  /** What {@link #applyGuestBundle} heartbeats. @param tagSetAtMillis when this activity set the tag, 0 if not */
  public record GuestChange(long tagSetAtMillis, TaskProgress task) {}

  /** What a bounded wait heartbeats. */
  public record Wait(long startedAtMillis, int polls, String lastSeen) {}

  // ---------------------------------------------------------------- preflight

  @Override
  public StorePreflight preflight(String storeId, BundleManifest bundle) {
    PveClient pve = pve(storeId);
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> nodes = nodes(pve);
    nodes.forEach((node, online) -> {
      if (!online) {
        problems.add("node " + node + " is offline");
      }
    });
    CephStatus ceph = pve.cephStatus();
    if (!ceph.healthOk()) {
      problems.add("Ceph is " + ceph.describeHealth());
    }
    List<Guest> guests = guests(pve);
    List<PatchGuest> patchGuests = new ArrayList<>();
    Map<String, List<Integer>> byBundle = new TreeMap<>();
    for (Guest g : guests) {
      patchGuests.add(new PatchGuest(g.vmid(), g.type(), g.node(), g.name(), "running".equals(g.status())));
      if (g.lock() != null && !g.lock().isBlank()) {
        problems.add("guest " + g.vmid() + " (" + g.name() + ") is locked (" + g.lock() + ")");
      }
      String version = BundleTags.version(g.tags());
      byBundle.computeIfAbsent(version == null ? "no bundle tag" : version, v -> new ArrayList<>()).add(g.vmid());
    }
    String running = null;
    if (byBundle.size() > 1) {
      problems.add("guests disagree: " + byBundle.entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")")
          .collect(Collectors.joining("; ")));
    } else if (byBundle.size() == 1 && !byBundle.containsKey("no bundle tag")) {
      running = byBundle.keySet().iterator().next();
    }
    List<String> toUpgrade = new ArrayList<>();
    if (!bundle.hostPackages().isEmpty()) {
      for (Map.Entry<String, Boolean> node : nodes.entrySet()) {
        if (node.getValue() && !HostPackages.differing(pve.aptVersions(node.getKey()), bundle.hostPackages()).isEmpty()) {
          toUpgrade.add(node.getKey());
        }
      }
    }
    return new StorePreflight(storeId, problems, running, List.copyOf(nodes.keySet()), patchGuests, toUpgrade);
  }

  // ---------------------------------------------------------------- snapshots

  @Override
  public void snapshotGuests(String storeId, String snapshot) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    for (Guest g : guests(pve)) {
      awaitGuestTasks(context, pve, g, SNAPSHOT_TASKS);
      if (hasSnapshot(pve, g, snapshot)) {
        continue;
      }
      run(context, pve, pve.createSnapshot(g.node(), g.type(), g.vmid(), snapshot, "edge-runbooks: before the patch (" + snapshot + ")"));
    }
  }

  @Override
  public void dropSnapshots(String storeId, String snapshot) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    for (Guest g : guests(pve)) {
      awaitGuestTasks(context, pve, g, DELETE_SNAPSHOT_TASKS);
      if (hasSnapshot(pve, g, snapshot)) {
        run(context, pve, pve.deleteSnapshot(g.node(), g.type(), g.vmid(), snapshot));
      }
    }
  }

  // ---------------------------------------------------------------- Ceph

  @Override
  public void setNoout(String storeId, boolean set) {
    PveClient pve = pve(storeId);
    boolean now = pve.cephFlags().stream().anyMatch(f -> "noout".equals(f.name()) && f.set());
    if (now != set) {
      pve.setCephFlag("noout", set);
    }
  }

  @Override
  public void waitCephHealthy(String storeId) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    long started = details(context, Wait.class).map(Wait::startedAtMillis).filter(t -> t > 0).orElse(System.currentTimeMillis());
    await(context, settings.cephHealthTimeout(), started, () -> {
      CephStatus status = pve.cephStatus();
      return status.healthOk() ? null : status.describeHealth();
    }, seen -> ApplicationFailure.newNonRetryableFailure(
        "Ceph of store " + storeId + " did not return to HEALTH_OK within " + settings.cephHealthTimeout() + ": " + seen
            + "; check the store's OSDs and placement groups (ceph health detail)",
        FailureTypes.UPGRADE_FAILED));
  }

  // ---------------------------------------------------------------- evacuation

  /**
   * Moves the guests still on the node, each to the online node with the fewest guests. A retried
   * attempt moves only what is still there and reports what the attempts before it moved from their
   * heartbeats; a guest moved by an attempt whose heartbeat never reached the server is not reported
   * (its origin cannot be known), so it stays where it went instead of coming back.
   */
  @Override
  public List<GuestPlacement> evacuateNode(String storeId, String node) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    List<GuestPlacement> moved =
        new ArrayList<>(details(context, Evacuation.class).map(Evacuation::moved).orElse(List.of()));
    Map<String, Boolean> nodes = nodes(pve);
    if (!nodes.containsKey(node)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "store " + storeId + " has no node " + node + " (it has " + nodes.keySet() + ")", FailureTypes.NOT_FOUND);
    }
    List<String> targets = nodes.entrySet().stream().filter(e -> e.getValue() && !e.getKey().equals(node)).map(Map.Entry::getKey).toList();
    for (Guest g : guests(pve)) {
      if (!g.node().equals(node)) {
        continue;
      }
      awaitGuestTasks(context, pve, g, MIGRATE_TASKS, p -> context.heartbeat(new Evacuation(moved, p)));
      Guest now = pve.findGuest(g.vmid()).orElse(null);
      if (now == null) {
        continue;
      }
      if (!now.node().equals(node)) {
        if (moved.stream().noneMatch(p -> p.vmid() == g.vmid())) {
          moved.add(new GuestPlacement(g.vmid(), g.type(), node, now.node())); // moved by the task we waited for
        }
        context.heartbeat(new Evacuation(moved, null));
        continue;
      }
      if (targets.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "cannot evacuate node " + node + " of store " + storeId + ": no other node is online (" + nodes + ")",
            FailureTypes.INVALID_REQUEST);
      }
      Map<String, Long> load = guests(pve).stream().collect(Collectors.groupingBy(Guest::node, Collectors.counting()));
      String target =
          targets.stream().min(Comparator.comparingLong((String n) -> load.getOrDefault(n, 0L)).thenComparing(n -> n)).orElseThrow();
      Upid upid = pve.migrateGuest(node, now.type(), now.vmid(), target, "running".equals(now.status()));
      context.heartbeat(new Evacuation(moved, new TaskProgress(upid.text(), "running", 0, 0)));
      pve.awaitTask(upid, p -> context.heartbeat(new Evacuation(moved, p)));
      moved.add(new GuestPlacement(now.vmid(), now.type(), node, target));
      context.heartbeat(new Evacuation(moved, null));
    }
    return moved;
  }

  @Override
  public void returnGuests(String storeId, List<GuestPlacement> placements) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    for (GuestPlacement p : placements) {
      Optional<Guest> found = pve.findGuest(p.vmid());
      if (found.isEmpty()) {
        continue; // destroyed meanwhile: nothing to move back
      }
      awaitGuestTasks(context, pve, found.get(), MIGRATE_TASKS);
      Guest g = pve.findGuest(p.vmid()).orElse(null);
      if (g == null || g.node().equals(p.from())) {
        continue;
      }
      run(context, pve, pve.migrateGuest(g.node(), g.type(), g.vmid(), p.from(), "running".equals(g.status())));
    }
  }

  // ---------------------------------------------------------------- host

  @Override
  public NodeUpgrade upgradeNode(String storeId, String node, Map<String, String> packages) {
    PveClient pve = pve(storeId);
    List<AptPackage> before = pve.aptVersions(node);
    Map<String, String> missing = HostPackages.differing(before, packages);
    if (missing.isEmpty()) {
      return new NodeUpgrade(false, HostPackages.rebootRequired(before));
    }
    Activity.getExecutionContext().heartbeat(null);
    upgrader.upgrade(storeId, node, missing);
    List<AptPackage> after = pve.aptVersions(node);
    Map<String, String> still = HostPackages.differing(after, packages);
    if (!still.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the upgrade of node " + node + " of store " + storeId + " finished, but apt/versions still shows "
              + HostPackages.describe(after, still) + "; check the node's apt log",
          FailureTypes.UPGRADE_FAILED);
    }
    return new NodeUpgrade(true, HostPackages.rebootRequired(after));
  }

  /**
   * Reboots the node when it runs another kernel than the newest installed one, then waits until it
   * is online again (having gone down, or with an uptime shorter than the time since the call) with
   * every OSD of it up. Errors while it is down (595, refused connections) are what a reboot looks
   * like. A retry finds the reboot asked in its heartbeat, or finds no reboot needed, and only waits.
   */
  @Override
  public void rebootNode(String storeId, String node) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    Optional<RebootWait> previous = details(context, RebootWait.class).filter(w -> w.startedAtMillis() > 0);
    long started = previous.map(RebootWait::startedAtMillis).orElse(System.currentTimeMillis());
    long sentAt = previous.map(RebootWait::sentAtMillis).orElse(0L);
    boolean sawDown = previous.map(RebootWait::sawDown).orElse(false);
    long deadline = started + settings.nodeRebootTimeout().toMillis();
    while (true) {
      NodeSeen seen = see(pve, node);
      long now = System.currentTimeMillis();
      if (sentAt == 0) {
        if (seen.answering() && seen.needsReboot()) {
          context.heartbeat(new RebootWait(started, now, false, "asking for the reboot"));
          pve.rebootNode(node);
          sentAt = now;
          sawDown = false;
        } else if (seen.answering() && seen.osdsUp()) {
          return;
        }
      } else if (!seen.answering()) {
        sawDown = true;
      } else if ((sawDown || seen.uptimeSeconds() * 1000 <= now - sentAt) && seen.osdsUp()) {
        return;
      } else if (!sawDown && seen.needsReboot() && now - sentAt > settings.rebootStartGrace().toMillis()) {
        context.heartbeat(new RebootWait(started, now, false, "the reboot asked at " + sentAt + " did not happen: asking again"));
        pve.rebootNode(node);
        sentAt = now;
      }
      context.heartbeat(new RebootWait(started, sentAt, sawDown, seen.describe()));
      if (now >= deadline) {
        throw ApplicationFailure.newNonRetryableFailure(
            "node " + node + " of store " + storeId + " is not back online with its OSDs up within " + settings.nodeRebootTimeout()
                + " of the reboot; last seen: " + seen.describe() + "; check the node's console",
            FailureTypes.UPGRADE_FAILED);
      }
      pause();
    }
  }

  /** A node as one poll saw it; {@code answering} false while it is down or unreachable. */
  private record NodeSeen(boolean answering, boolean needsReboot, long uptimeSeconds, boolean osdsUp, String detail) {
    String describe() {
      return detail;
    }
  }

  private static NodeSeen see(PveClient pve, String node) {
    try {
      boolean online =
          pve.clusterStatus().stream().anyMatch(e -> "node".equals(e.type()) && node.equals(e.name()) && Boolean.TRUE.equals(e.online()));
      if (!online) {
        return new NodeSeen(false, false, 0, false, "offline in the cluster status");
      }
      NodeStatus status = pve.nodeStatus(node);
      List<AptPackage> packages = pve.aptVersions(node);
      CephOsdTree tree = pve.osdTree(node);
      List<CephOsdTree.Item> osds = tree.osdsOf(node);
      List<String> down = osds.stream().filter(o -> !o.up()).map(CephOsdTree.Item::name).toList();
      boolean needs = HostPackages.rebootRequired(packages);
      long uptime = status.uptime() == null ? Long.MAX_VALUE : status.uptime();
      return new NodeSeen(true, needs, uptime, down.isEmpty(),
          "online, up " + uptime + "s, kernel " + HostPackages.runningKernel(packages).orElse("?")
              + (needs ? " (newest installed " + HostPackages.newestKernel(packages).orElse("?") + ")" : "")
              + (down.isEmpty() ? ", " + osds.size() + " OSDs up" : ", OSDs down: " + down));
    } catch (ApplicationFailure e) {
      if (e.isNonRetryable()) {
        throw e;
      }
      return new NodeSeen(false, false, 0, false, e.getType() + ": " + GuestProbes.serverMessage(e));
    }
  }

  // ---------------------------------------------------------------- guests

  @Override
  public void applyGuestBundle(String storeId, int vmid, String version) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    long earlierTagSetAt = details(context, GuestChange.class).map(GuestChange::tagSetAtMillis).orElse(0L);
    long tagSetAt = earlierTagSetAt;
    Guest guest = guest(pve, storeId, vmid);
    awaitGuestTasks(context, pve, guest, POWER_TASKS, p -> context.heartbeat(new GuestChange(earlierTagSetAt, p)));
    guest = guest(pve, storeId, vmid);
    GuestConfig config = pve.guestConfig(guest.node(), guest.type(), vmid);
    GuestStatus status = pve.guestStatus(guest.node(), guest.type(), vmid);
    if (version.equals(BundleTags.version(config.get("tags")))) {
      boolean startedSince =
          tagSetAt == 0 || (status.uptime() != null && status.uptime() * 1000 <= System.currentTimeMillis() - tagSetAt);
      if (status.running() && startedSince) {
        return;
      }
    } else {
      tagSetAt = System.currentTimeMillis();
      context.heartbeat(new GuestChange(tagSetAt, null));
      pointAt(pve, guest, config, version);
    }
    restart(context, pve, storeId, guest, status.running(), tagSetAt);
  }

  /**
   * Puts the guests that left {@code bundle} back on it: a guest with the snapshot is rolled back to
   * it (which restores its tag) and started, one without gets its tag set back and is restarted. A
   * guest that carries the bundle's tag and runs was never changed, or is back: it is left alone, so
   * no data written since the snapshot is lost on a guest the change did not touch.
   */
  @Override
  public void rollbackGuests(String storeId, String snapshot, String bundle) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    for (Guest listed : guests(pve)) {
      awaitGuestTasks(context, pve, listed, POWER_TASKS);
      Guest g = guest(pve, storeId, listed.vmid());
      GuestConfig config = pve.guestConfig(g.node(), g.type(), g.vmid());
      GuestStatus status = pve.guestStatus(g.node(), g.type(), g.vmid());
      boolean onBundle = bundle.equals(BundleTags.version(config.get("tags")));
      if (onBundle && status.running()) {
        continue;
      }
      if (!onBundle && hasSnapshot(pve, g, snapshot)) {
        run(context, pve, pve.rollbackSnapshot(g.node(), g.type(), g.vmid(), snapshot));
        config = pve.guestConfig(g.node(), g.type(), g.vmid());
        status = pve.guestStatus(g.node(), g.type(), g.vmid());
        onBundle = bundle.equals(BundleTags.version(config.get("tags")));
      }
      if (!onBundle) {
        pointAt(pve, g, config, bundle);
      }
      restart(context, pve, storeId, g, status.running(), 0);
    }
  }

  @Override
  public StoreProbeResult probeStore(String storeId) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = pve(storeId);
    List<String> failures = new ArrayList<>();
    for (Guest g : guests(pve)) {
      String who = "guest " + g.vmid() + " (" + g.name() + ")";
      GuestStatus status = pve.guestStatus(g.node(), g.type(), g.vmid());
      if (!status.running()) {
        failures.add(who + " is " + status.status());
        continue;
      }
      GuestProbe probe = probes.get(g.vmid());
      ProbeResult result;
      if (probe != null) {
        result = GuestProbes.run(pve, g.node(), g.vmid(), g.type(), probe, store.settings().taskPollInterval(), () -> context.heartbeat(who));
      } else if (g.type().equals("qemu") && Boolean.TRUE.equals(status.agent())) {
        result = GuestProbes.run(pve, g.node(), g.vmid(), g.type(), new GuestProbe(null, List.of(), 0, null, null, null),
            store.settings().taskPollInterval(), () -> context.heartbeat(who));
      } else {
        result = new ProbeResult(true, "running");
      }
      if (!result.passed()) {
        failures.add(who + ": " + result.detail());
      }
      context.heartbeat(who);
    }
    return new StoreProbeResult(failures.isEmpty(), failures);
  }

  /** Sets the guest's bundle tag, other tags kept, against the digest of the config it was read from. */
  private static void pointAt(PveClient pve, Guest g, GuestConfig config, String version) {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("tags", BundleTags.withVersion(config.get("tags"), version));
    pve.updateGuestConfig(g.node(), g.type(), g.vmid(), change, config.digest());
  }

  /** Reboots a running guest, starts a stopped one, and waits until it runs (a VM's agent answering). */
  private void restart(ActivityExecutionContext context, PveClient pve, String storeId, Guest g, boolean running, long tagSetAt) {
    Upid upid = running ? pve.rebootGuest(g.node(), g.type(), g.vmid()) : pve.startGuest(g.node(), g.type(), g.vmid());
    context.heartbeat(new GuestChange(tagSetAt, new TaskProgress(upid.text(), "running", 0, 0)));
    pve.awaitTask(upid, p -> context.heartbeat(new GuestChange(tagSetAt, p)));
    await(context, settings.guestBootTimeout(), System.currentTimeMillis(), () -> notUpBecause(pve, g), seen -> ApplicationFailure.newNonRetryableFailure(
        g.type() + " " + g.vmid() + " (" + g.name() + ") on node " + g.node() + " of store " + storeId + " did not come up within "
            + settings.guestBootTimeout() + " after its " + (running ? "reboot" : "start") + "; last seen: " + seen,
        FailureTypes.GUEST_DID_NOT_BOOT));
  }

  /** Null once the guest runs and, for a VM with an agent, the agent answers; otherwise what is missing. */
  private static String notUpBecause(PveClient pve, Guest g) {
    try {
      GuestStatus status = pve.guestStatus(g.node(), g.type(), g.vmid());
      if (!status.running()) {
        return g.type() + " is " + status.status();
      }
      if (g.type().equals("qemu") && Boolean.TRUE.equals(status.agent())) {
        pve.agentPing(g.node(), g.vmid());
      }
      return null;
    } catch (ApplicationFailure e) {
      if (e.isNonRetryable()) {
        throw e;
      }
      return GuestProbes.serverMessage(e); // the agent not running yet is a 500
    }
  }

  // ---------------------------------------------------------------- helpers

  private PveClient pve(String storeId) {
    store.requireStore(storeId);
    return store.pve();
  }

  /** Every node of the cluster by name, sorted, and whether it is online. */
  private static Map<String, Boolean> nodes(PveClient pve) {
    Map<String, Boolean> nodes = new TreeMap<>();
    for (ClusterStatusEntry e : pve.clusterStatus()) {
      if ("node".equals(e.type())) {
        nodes.put(e.name(), Boolean.TRUE.equals(e.online()));
      }
    }
    return nodes;
  }

  /** The store's guests, templates left out, by vmid. */
  private static List<Guest> guests(PveClient pve) {
    return pve.clusterGuests().stream().filter(g -> !Boolean.TRUE.equals(g.template())).toList();
  }

  private static Guest guest(PveClient pve, String storeId, int vmid) {
    return pve.findGuest(vmid).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "store " + storeId + " has no guest " + vmid, FailureTypes.NOT_FOUND));
  }

  private static boolean hasSnapshot(PveClient pve, Guest g, String snapshot) {
    return pve.snapshots(g.node(), g.type(), g.vmid()).stream().map(GuestSnapshot::name).anyMatch(snapshot::equals);
  }

  /** Heartbeats the task's UPID at once (so a retry can tell), then waits; a failed task is TASK_FAILED. */
  private static void run(ActivityExecutionContext context, PveClient pve, Upid upid) {
    context.heartbeat(new TaskProgress(upid.text(), "running", 0, 0));
    pve.awaitTask(upid, context::heartbeat);
  }

  private static void awaitGuestTasks(ActivityExecutionContext context, PveClient pve, Guest g, Set<String> types) {
    awaitGuestTasks(context, pve, g, types, context::heartbeat);
  }

  /**
   * Waits for the tasks of these types still running on the guest, which an earlier attempt (or
   * anyone) started, so that this attempt never starts a second one. How they ended does not matter:
   * the caller checks the state afterwards.
   */
  private static void awaitGuestTasks(
      ActivityExecutionContext context, PveClient pve, Guest g, Set<String> types, Consumer<TaskProgress> heartbeat) {
    Set<String> seen = new TreeSet<>();
    for (TaskSummary task : pve.tasks(g.node(), "active", g.vmid(), null)) {
      if (!task.running() || !String.valueOf(g.vmid()).equals(task.id()) || !seen.add(task.upid())) {
        continue;
      }
      Upid upid = Upid.parse(task.upid());
      if (!types.contains(upid.type())) {
        continue;
      }
      try {
        pve.awaitTaskEnd(upid, heartbeat);
      } catch (ApplicationFailure e) {
        if (!PveClient.notFound(e)) {
          throw e;
        }
      }
    }
  }

  /**
   * Polls {@code notYet} (null when done, otherwise what is seen) until done, heartbeating; past the
   * timeout counted from {@code started} throws what {@code timedOut} makes of the last thing seen.
   * Transient API errors are seen, not thrown.
   */
  private void await(
      ActivityExecutionContext context,
      Duration timeout,
      long started,
      Supplier<String> notYet,
      Function<String, ApplicationFailure> timedOut) {
    long deadline = started + timeout.toMillis();
    int polls = 0;
    while (true) {
      String seen;
      try {
        seen = notYet.get();
      } catch (ApplicationFailure e) {
        if (e.isNonRetryable()) {
          throw e;
        }
        seen = e.getType() + ": " + GuestProbes.serverMessage(e);
      }
      if (seen == null) {
        return;
      }
      context.heartbeat(new Wait(started, ++polls, seen));
      if (System.currentTimeMillis() >= deadline) {
        throw timedOut.apply(seen);
      }
      pause();
    }
  }

  private void pause() {
    try {
      Thread.sleep(store.settings().taskPollInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting", "Interrupted");
    }
  }

  private static <T> Optional<T> details(ActivityExecutionContext context, Class<T> type) {
    try {
      return context.getHeartbeatDetails(type);
    } catch (RuntimeException e) {
      return Optional.empty(); // details of another shape
    }
  }
}
