package dev.edgerunbooks.activities.staging;

import dev.edgerunbooks.activities.Waits;
import dev.edgerunbooks.activities.proxmox.BackupVolume;
import dev.edgerunbooks.activities.proxmox.ClusterResource;
import dev.edgerunbooks.activities.proxmox.ClusterStatusEntry;
import dev.edgerunbooks.activities.proxmox.Guest;
import dev.edgerunbooks.activities.proxmox.GuestConfig;
import dev.edgerunbooks.activities.proxmox.GuestInterface;
import dev.edgerunbooks.activities.proxmox.GuestProbes;
import dev.edgerunbooks.activities.proxmox.GuestStatus;
import dev.edgerunbooks.activities.proxmox.NetworkInterface;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.StorageConfig;
import dev.edgerunbooks.activities.proxmox.TaskLogLine;
import dev.edgerunbooks.activities.proxmox.TaskProgress;
import dev.edgerunbooks.activities.proxmox.TaskSummary;
import dev.edgerunbooks.activities.proxmox.Upid;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.staging.BackupChoice;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.BackupState;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import dev.edgerunbooks.workflows.staging.ProbeResult;
import dev.edgerunbooks.workflows.staging.RestoreOrder;
import dev.edgerunbooks.workflows.staging.StagingActivities;
import dev.edgerunbooks.workflows.staging.StagingGuest;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restores on a region's staging cluster, run by that cluster's own worker. Every method checks
 * before it acts, and a method that waits for a Proxmox task heartbeats its UPID, so a retried
 * attempt waits for the task the attempt before it started instead of starting a second one.
 *
 * <p>The staging cluster is a site with nodes and no PBS; its PVE token (and nothing else) comes from
 * the credentials of its site id. Adding a store's PBS as a storage needs that store's PBS token
 * secret, which the staging worker holds for every store of its region (a token allowed to read and
 * restore, no more) under the store's id.
 */
public final class StagingActivitiesImpl implements StagingActivities {
  private static final Pattern VOLID =
      Pattern.compile("^([^:\\s]+):backup/(vm|ct)/(\\d+)/(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)$");

  private final Function<String, StoreClients> clusters;
  private final CredentialSource credentials;

  /**
   * @param clusters the clients of a staging cluster by its site id ({@code staging-<region>}); null
   *     for an id this worker does not serve
   * @param credentials where the PBS restore token of each store of the region is read
   */
  public StagingActivitiesImpl(Function<String, StoreClients> clusters, CredentialSource credentials) {
    this.clusters = clusters;
    this.credentials = credentials;
  }

  /** For a worker that serves one staging cluster. */
  public StagingActivitiesImpl(StoreClients cluster, CredentialSource credentials) {
    this(id -> cluster.storeId().equals(id) ? cluster : null, credentials);
  }

  // ---------------------------------------------------------------- readiness

  @Override
  public void checkReady(String stagingId, String storage, String isolatedBridge) {
    StoreClients cluster = cluster(stagingId);
    PveClient pve = cluster.pve();
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> members = new LinkedHashMap<>();
    for (ClusterStatusEntry e : pve.clusterStatus()) {
      if ("node".equals(e.type())) {
        members.put(e.name(), Boolean.TRUE.equals(e.online()));
      }
    }
    for (NodeEndpoint n : cluster.endpoints().nodes()) {
      if (!members.containsKey(n.name())) {
        problems.add("node " + n.name() + " is not a member of the cluster: join it (the DR drill's cluster set-up)"
            + " or fix the fleet definition");
      }
    }
    List<String> online = new ArrayList<>();
    members.forEach(
        (node, up) -> {
          if (up) {
            online.add(node);
          } else {
            problems.add("node " + node + " is offline: bring it back up");
          }
        });
    for (String node : online) {
      Optional<NetworkInterface> found =
          pve.networks(node, null).stream().filter(i -> isolatedBridge.equals(i.iface())).findFirst();
      if (found.isEmpty()) {
        problems.add("node " + node + " has no bridge " + isolatedBridge + ": create it with no ports and no gateway"
            + " (pvesh create /nodes/" + node + "/network --iface " + isolatedBridge + " --type bridge, then apply)");
        continue;
      }
      NetworkInterface bridge = found.get();
      if (!"bridge".equals(bridge.type())) {
        problems.add(isolatedBridge + " on node " + node + " is a " + bridge.type() + ", not a bridge");
      }
      if (!bridge.hasNoPorts()) {
        problems.add("bridge " + isolatedBridge + " on node " + node + " has ports (" + bridge.bridgePorts().strip()
            + "), so it is not isolated: remove its ports, restored guests must not reach a real network");
      }
      if (bridge.hasGateway()) {
        problems.add("bridge " + isolatedBridge + " on node " + node + " has a gateway, so it is not isolated:"
            + " remove the gateway");
      }
      if (Boolean.FALSE.equals(bridge.active())) {
        problems.add("bridge " + isolatedBridge + " on node " + node + " is configured but not active:"
            + " apply the node's network configuration");
      }
    }
    List<ClusterResource> storages =
        pve.clusterResources("storage").stream().filter(r -> storage.equals(r.storage())).toList();
    if (storages.isEmpty()) {
      problems.add("storage " + storage + " does not exist: create it (the DR drill's Ceph pool adds it)"
          + " or fix the runbook's target storage");
    } else {
      for (String node : online) {
        Optional<ClusterResource> onNode = storages.stream().filter(r -> node.equals(r.node())).findFirst();
        if (onNode.isEmpty()) {
          problems.add("storage " + storage + " is not available on node " + node + ": allow it on every node");
        } else if (!"available".equals(onNode.get().status())) {
          problems.add("storage " + storage + " is " + onNode.get().status() + " on node " + node
              + ": check the storage on that node");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw notReady(stagingId, String.join("; ", problems));
    }
  }

  @Override
  public void ensureBackupStorage(String stagingId, BackupSource source) {
    PveClient pve = cluster(stagingId).pve();
    Optional<StorageConfig> existing = findStorage(pve, source.storageId());
    StoreCredentials login = credentials.forStore(source.storeId());
    String secret = login.requirePbsTokenSecret(source.storeId());
    // the store's PBS token as the worker has it now: after a token rotation, Vault's new one
    String username = login.pbsTokenId() != null ? login.pbsTokenId() : source.username();
    if (existing.isEmpty()) {
      try {
        pve.createPbsStorage(
            source.storageId(), source.server(), source.port(), source.datastore(), username, secret,
            source.fingerprint());
        return;
      } catch (ApplicationFailure e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.contains("already defined")) {
          throw e;
        }
        // added meanwhile (an attempt whose answer was lost): check it like any existing one
        existing = findStorage(pve, source.storageId());
        if (existing.isEmpty()) {
          throw e;
        }
      }
    }
    StorageConfig found = existing.get();
    int port = found.port() == null ? 8007 : found.port();
    boolean same =
        "pbs".equals(found.type())
            && source.server().equalsIgnoreCase(String.valueOf(found.server()))
            && source.port() == port
            && source.datastore().equals(found.datastore());
    if (!same) {
      throw notReady(
          stagingId,
          "storage " + source.storageId() + " exists but is a " + found.type() + " storage pointing at "
              + found.server() + ":" + port + "/" + found.datastore() + ", not at the PBS of store " + source.storeId()
              + " (" + source.server() + ":" + source.port() + "/" + source.datastore() + "): remove it"
              + " (pvesm remove " + source.storageId() + ") so it is added again");
    }
    if (!username.equals(found.username())) {
      // the store's PBS token was rotated since the storage was added: it would be refused
      pve.updatePbsStorageLogin(source.storageId(), username, secret, found.digest());
    }
  }

  @Override
  public BackupChoice newestBackup(String stagingId, BackupSource source, int vmid, String type) {
    PveClient pve = cluster(stagingId).pve();
    String node = anyOnlineNode(stagingId, pve);
    List<BackupVolume> volumes;
    try {
      volumes = pve.storageContent(node, source.storageId(), "backup", vmid);
    } catch (ApplicationFailure e) {
      if (PveClient.notFound(e)) {
        throw notReady(stagingId, "storage " + source.storageId() + " does not exist: add the PBS of store "
            + source.storeId() + " first (ensureBackupStorage)");
      }
      throw e;
    }
    List<BackupVolume> ofGuest =
        volumes.stream()
            .filter(v -> v.vmid() != null && v.vmid() == vmid)
            .filter(v -> ofType(v, type))
            .filter(v -> v.ctime() != null)
            .sorted(Comparator.comparingLong(BackupVolume::ctime).reversed())
            .toList();
    if (ofGuest.isEmpty()) {
      return new BackupChoice(null, null, 0, BackupState.MISSING, null);
    }
    BackupVolume newest = ofGuest.get(0);
    Instant newestTime = Instant.ofEpochSecond(newest.ctime());
    BackupVolume chosen =
        ofGuest.stream().filter(v -> stateOf(v) == BackupState.VERIFIED).findFirst().orElse(newest);
    return new BackupChoice(
        chosen.volid(),
        Instant.ofEpochSecond(chosen.ctime()),
        chosen.size() == null ? 0 : chosen.size(),
        stateOf(chosen),
        newestTime);
  }

  // ---------------------------------------------------------------- restore

  @Override
  public String restore(String stagingId, RestoreOrder order) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = cluster(stagingId).pve();
    int vmid = order.targetVmid();
    String taskType = restoreTaskType(order.type());
    String backup = backupPath(order.volid());

    // the attempt before this one started the restore and said so: wait for that task
    Optional<Upid> previous = heartbeatedTask(context, taskType, vmid);
    if (previous.isPresent()) {
      Optional<String> node = awaitIfKnown(pve, previous.get(), context);
      if (node.isPresent()) {
        return node.get();
      }
    }
    Optional<Guest> existing = pve.findGuest(vmid);
    if (existing.isPresent()) {
      Guest guest = existing.get();
      Optional<TaskSummary> last = pve.tasks(guest.node(), "all", vmid, taskType).stream().findFirst();
      boolean ofThisBackup = last.isPresent() && mentions(pve, guest.node(), last.get(), backup);
      if (ofThisBackup && last.get().running()) {
        // its heartbeat was lost: the restore of the same backup still runs
        Upid upid = Upid.parse(last.get().upid());
        context.heartbeat(new TaskProgress(upid.text(), "running", 0, 0));
        pve.awaitTask(upid, context::heartbeat);
        return guest.node();
      }
      if (ofThisBackup && last.get().succeeded() && guest.type().equals(order.type()) && guest.lock() == null) {
        return guest.node(); // restored already
      }
      // another guest, another backup, or what a failed restore left: it goes first
      destroyGuest(pve, context, vmid);
    }
    String node = targetNode(stagingId, pve);
    Upid upid =
        order.type().equals("qemu")
            ? pve.restoreVm(node, vmid, order.volid(), order.storage())
            : pve.restoreContainer(node, vmid, order.volid(), order.storage());
    context.heartbeat(new TaskProgress(upid.text(), "running", 0, 0));
    pve.awaitTask(upid, context::heartbeat);
    return node;
  }

  @Override
  public void isolate(String stagingId, int vmid, String type, String bridge) {
    PveClient pve = cluster(stagingId).pve();
    Guest guest = requireGuest(stagingId, pve, vmid, type);
    GuestConfig config = pve.guestConfig(guest.node(), type, vmid);
    Map<String, String> changes = elsewhere(config, bridge);
    if (changes.isEmpty()) {
      return;
    }
    Map<String, String> moved = new LinkedHashMap<>();
    changes.forEach((key, value) -> moved.put(key, GuestConfig.withProperty(value, "bridge", bridge)));
    pve.updateGuestConfig(guest.node(), type, vmid, moved, config.digest());
    Map<String, String> still = elsewhere(pve.guestConfig(guest.node(), type, vmid), bridge);
    if (!still.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          type + " " + vmid + " on staging cluster " + stagingId + " still has " + still.keySet()
              + " off bridge " + bridge + " after the update: it must not start; check its configuration",
          FailureTypes.STAGING_NOT_READY);
    }
  }

  @Override
  public void start(String stagingId, int vmid, String type) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PveClient pve = cluster(stagingId).pve();
    Optional<Upid> previous = heartbeatedTask(context, startTaskType(type), vmid);
    if (previous.isPresent() && awaitIfKnown(pve, previous.get(), context).isPresent()) {
      return;
    }
    Guest guest = requireGuest(stagingId, pve, vmid, type);
    if (pve.guestStatus(guest.node(), type, vmid).running()) {
      return;
    }
    Upid upid;
    try {
      upid = pve.startGuest(guest.node(), type, vmid);
    } catch (ApplicationFailure e) {
      if (e.getOriginalMessage() != null && e.getOriginalMessage().contains("already running")) {
        return;
      }
      throw e;
    }
    context.heartbeat(new TaskProgress(upid.text(), "running", 0, 0));
    pve.awaitTask(upid, context::heartbeat);
  }

  /**
   * What {@link #awaitBoot} heartbeats: when the first attempt began waiting, so a retried attempt
   * keeps the same deadline, and what the last poll saw.
   */
  public record BootWait(long startedAtMillis, int polls, String lastSeen) {}

  @Override
  public void awaitBoot(String stagingId, int vmid, String type, Duration timeout) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    StoreClients cluster = cluster(stagingId);
    PveClient pve = cluster.pve();
    Guest guest = requireGuest(stagingId, pve, vmid, type);
    long started = previousBootWait(context).map(BootWait::startedAtMillis).orElse(System.currentTimeMillis());
    long deadline = started + timeout.toMillis();
    int polls = 0;
    while (true) {
      String seen = notBootedBecause(pve, guest.node(), type, vmid);
      if (seen == null) {
        return;
      }
      polls++;
      context.heartbeat(new BootWait(started, polls, seen));
      if (System.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newNonRetryableFailure(
            type + " " + vmid + " on node " + guest.node() + " of staging cluster " + stagingId + " did not boot within "
                + timeout + " (" + polls + " checks); last seen: " + seen,
            FailureTypes.GUEST_DID_NOT_BOOT);
      }
      Waits.pause(cluster.settings().taskPollInterval());
    }
  }

  @Override
  public ProbeResult probe(String stagingId, int vmid, String type, GuestProbe probe) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    StoreClients cluster = cluster(stagingId);
    PveClient pve = cluster.pve();
    Guest guest = requireGuest(stagingId, pve, vmid, type);
    int[] polls = {0};
    return GuestProbes.run(
        pve, guest.node(), vmid, type, probe, cluster.settings().taskPollInterval(), () -> context.heartbeat(++polls[0]));
  }

  @Override
  public void destroy(String stagingId, int vmid, String type) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    destroyGuest(cluster(stagingId).pve(), context, vmid);
  }

  @Override
  public List<StagingGuest> guestsInRange(String stagingId, int first, int last) {
    return cluster(stagingId).pve().guestsInRange(first, last).stream()
        .map(g -> new StagingGuest(g.vmid(), g.name(), g.type(), g.node(), g.status()))
        .toList();
  }

  // ---------------------------------------------------------------- steps

  /**
   * Stops whatever task still works on the guest (a restore in progress holds it locked), stops the
   * guest, destroys it with its disks. A destroy an earlier attempt started is waited for, not
   * stopped. Done when the vmid is free.
   */
  private void destroyGuest(PveClient pve, ActivityExecutionContext context, int vmid) {
    for (String node : onlineNodes(pve)) {
      for (TaskSummary task : pve.tasks(node, "active", vmid, null)) {
        if (!String.valueOf(vmid).equals(task.id())) {
          continue;
        }
        Upid upid = Upid.parse(task.upid());
        try {
          if (!upid.type().endsWith("destroy")) {
            pve.stopTask(node, upid);
          }
          // a stopped task ends with an error: how it ended does not matter, only that it did
          pve.awaitTaskEnd(upid, context::heartbeat);
        } catch (ApplicationFailure e) {
          if (!PveClient.notFound(e)) {
            throw e;
          }
        }
      }
    }
    Optional<Guest> found = pve.findGuest(vmid);
    if (found.isEmpty()) {
      return;
    }
    Guest guest = found.get();
    try {
      if (pve.guestStatus(guest.node(), guest.type(), vmid).running()) {
        Upid stop = pve.stopGuest(guest.node(), guest.type(), vmid);
        context.heartbeat(new TaskProgress(stop.text(), "running", 0, 0));
        pve.awaitTask(stop, context::heartbeat);
      }
      Upid destroy = pve.destroyGuest(guest.node(), guest.type(), vmid);
      context.heartbeat(new TaskProgress(destroy.text(), "running", 0, 0));
      pve.awaitTask(destroy, context::heartbeat);
    } catch (ApplicationFailure e) {
      if (!PveClient.notFound(e)) {
        throw e;
      }
      return; // gone meanwhile
    }
    if (pve.findGuest(vmid).isPresent()) {
      throw ApplicationFailure.newFailure(
          "guest " + vmid + " on node " + guest.node() + " of store " + pve.storeId()
              + " is still there after its destroy task ended; retried",
          FailureTypes.API_SERVER_ERROR);
    }
  }

  /** Null once booted, otherwise what is still missing. */
  private static String notBootedBecause(PveClient pve, String node, String type, int vmid) {
    try {
      if (type.equals("qemu")) {
        pve.agentPing(node, vmid);
        return null;
      }
      GuestStatus status = pve.guestStatus(node, "lxc", vmid);
      if (!status.running()) {
        return "container is " + status.status();
      }
      Optional<GuestInterface> eth0 =
          pve.containerInterfaces(node, vmid).stream().filter(i -> "eth0".equals(i.name())).findFirst();
      if (eth0.isPresent() && eth0.get().inet() != null && !eth0.get().inet().isBlank()) {
        return null;
      }
      return eth0.isPresent() ? "eth0 has no IPv4 address yet" : "no eth0 yet";
    } catch (ApplicationFailure e) {
      if (e.isNonRetryable()) {
        throw e;
      }
      // the agent not running yet is a 500; a node that did not answer once is worth another poll
      return GuestProbes.serverMessage(e);
    }
  }

  /** netN entries not on {@code bridge}. */
  private static Map<String, String> elsewhere(GuestConfig config, String bridge) {
    Map<String, String> off = new LinkedHashMap<>();
    config.networks().forEach(
        (index, value) -> {
          if (!bridge.equals(GuestConfig.property(value, "bridge").orElse(null))) {
            off.put("net" + index, value);
          }
        });
    return off;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Waits for a task an earlier attempt started, whatever it was. Returns its node once it ended
   * well; a failed task fails this attempt the same way (TASK_FAILED); empty when the node forgot
   * the task (rebooted, log rotated), so the caller checks the state afresh.
   */
  private static Optional<String> awaitIfKnown(PveClient pve, Upid upid, ActivityExecutionContext context) {
    try {
      pve.awaitTask(upid, context::heartbeat);
      return Optional.of(upid.node());
    } catch (ApplicationFailure e) {
      if (PveClient.notFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Optional<Upid> heartbeatedTask(ActivityExecutionContext context, String type, int vmid) {
    try {
      return context
          .getHeartbeatDetails(TaskProgress.class)
          .map(TaskProgress::upid)
          .map(Upid::parse)
          .filter(upid -> upid.type().equals(type) && upid.id().equals(String.valueOf(vmid)));
    } catch (RuntimeException e) {
      return Optional.empty(); // details of another shape: start afresh
    }
  }

  private static Optional<BootWait> previousBootWait(ActivityExecutionContext context) {
    try {
      return context.getHeartbeatDetails(BootWait.class).filter(w -> w.startedAtMillis() > 0);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the task's log names the backup ({@code vm/101/2026-…Z}) it restores. */
  private static boolean mentions(PveClient pve, String node, TaskSummary task, String backup) {
    try {
      List<TaskLogLine> log = pve.taskLog(node, Upid.parse(task.upid()), 0, 200);
      return log.stream().anyMatch(line -> line.t() != null && line.t().contains(backup));
    } catch (ApplicationFailure e) {
      if (PveClient.notFound(e)) {
        return false;
      }
      throw e;
    }
  }

  /** The backup's path in its datastore, {@code vm/101/2026-11-24T00:00:12Z}, from its volid. */
  private static String backupPath(String volid) {
    Matcher m = VOLID.matcher(volid);
    if (!m.matches()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "'" + volid + "' is not the volume id of a backup (<storage>:backup/<vm|ct>/<id>/<time>)",
          FailureTypes.BAD_REQUEST);
    }
    return m.group(2) + "/" + m.group(3) + "/" + m.group(4);
  }

  /** The online node with the fewest guests (the first by name among equals). */
  private static String targetNode(String stagingId, PveClient pve) {
    List<String> online = onlineNodes(pve);
    if (online.isEmpty()) {
      throw notReady(stagingId, "no node is online");
    }
    Map<String, Integer> load = new LinkedHashMap<>();
    online.stream().sorted().forEach(n -> load.put(n, 0));
    for (Guest g : pve.clusterGuests()) {
      load.computeIfPresent(g.node(), (n, count) -> count + 1);
    }
    return load.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static String anyOnlineNode(String stagingId, PveClient pve) {
    return onlineNodes(pve).stream().findFirst().orElseThrow(() -> notReady(stagingId, "no node is online"));
  }

  private static List<String> onlineNodes(PveClient pve) {
    return pve.clusterStatus().stream()
        .filter(e -> "node".equals(e.type()) && Boolean.TRUE.equals(e.online()))
        .map(ClusterStatusEntry::name)
        .toList();
  }

  private static Guest requireGuest(String stagingId, PveClient pve, int vmid, String type) {
    Guest guest =
        pve.findGuest(vmid)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "staging cluster " + stagingId + " has no guest " + vmid + ": restore it first",
                        FailureTypes.NOT_FOUND));
    if (!guest.type().equals(type)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "guest " + vmid + " on staging cluster " + stagingId + " is a " + guest.type() + ", not a " + type,
          FailureTypes.BAD_REQUEST);
    }
    return guest;
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

  private static boolean ofType(BackupVolume v, String type) {
    if (v.subtype() != null) {
      return v.subtype().equals(type);
    }
    String kind = type.equals("qemu") ? "vm" : "ct";
    return v.volid() != null && v.volid().contains(":backup/" + kind + "/");
  }

  private static BackupState stateOf(BackupVolume v) {
    if (v.verification() == null || v.verification().state() == null) {
      return BackupState.UNVERIFIED;
    }
    return switch (v.verification().state()) {
      case "ok" -> BackupState.VERIFIED;
      case "failed" -> BackupState.VERIFY_FAILED;
      default -> BackupState.UNVERIFIED;
    };
  }

  private static String restoreTaskType(String type) {
    return switch (type) {
      case "qemu" -> "qmrestore";
      case "lxc" -> "vzrestore";
      default -> throw badType(type);
    };
  }

  private static String startTaskType(String type) {
    return switch (type) {
      case "qemu" -> "qmstart";
      case "lxc" -> "vzstart";
      default -> throw badType(type);
    };
  }

  private static ApplicationFailure badType(String type) {
    return ApplicationFailure.newNonRetryableFailure(
        "a guest type is qemu or lxc, not '" + type + "'", FailureTypes.BAD_REQUEST);
  }

  private static ApplicationFailure notReady(String stagingId, String why) {
    return ApplicationFailure.newNonRetryableFailure(
        "staging cluster " + stagingId + " cannot take restores: " + why, FailureTypes.STAGING_NOT_READY);
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
