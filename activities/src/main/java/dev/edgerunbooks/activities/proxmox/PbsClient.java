package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A store's Proxmox Backup Server. PBS tasks live under the pseudo-node {@code localhost}. */
public final class PbsClient {
  private final ApiEndpoint pbs;

  public PbsClient(ApiEndpoint pbs) {
    this.pbs = pbs;
  }

  public List<Datastore> datastores() {
    return pbs.get("/admin/datastore", Map.of(), new TypeReference<>() {});
  }

  /** @param backupType {@code vm}/{@code ct}/{@code host}, null for all; @param backupId null for all */
  public List<BackupSnapshot> snapshots(String datastore, String backupType, String backupId) {
    return pbs.get(
        "/admin/datastore/" + ApiEndpoint.segment(datastore) + "/snapshots",
        PveClient.params("backup-type", backupType, "backup-id", backupId),
        new TypeReference<>() {});
  }

  /** The newest backup snapshot of a PVE guest on {@code datastore}; empty when it has none. */
  public Optional<BackupSnapshot> newestSnapshot(String datastore, Guest guest) {
    String backupType = "lxc".equals(guest.type()) ? "ct" : "vm";
    return snapshots(datastore, backupType, Integer.toString(guest.vmid())).stream()
        .max(Comparator.comparingLong(BackupSnapshot::backupTime));
  }

  /** The datastore's backup groups (root namespace) with their owners. */
  public List<BackupGroup> backupGroups(String datastore) {
    return pbs.get("/admin/datastore/" + ApiEndpoint.segment(datastore) + "/groups", Map.of(), new TypeReference<>() {});
  }

  /**
   * Gives a backup group (root namespace) another owner ({@code POST /admin/datastore/{store}/change-owner}):
   * from then on only {@code newOwner} (or its user) may back up into it. Needs Datastore.Modify on the
   * datastore; the new owner must be an active user or token.
   */
  public void changeBackupOwner(String datastore, String backupType, String backupId, String newOwner) {
    pbs.post("/admin/datastore/" + ApiEndpoint.segment(datastore) + "/change-owner",
        PveClient.params("backup-type", backupType, "backup-id", backupId, "new-owner", newOwner),
        new TypeReference<Object>() {});
  }

  /** Starts verify of one snapshot and returns its task. */
  public Upid verify(String datastore, String backupType, String backupId, Instant backupTime) {
    String upid =
        pbs.post(
            "/admin/datastore/" + ApiEndpoint.segment(datastore) + "/verify",
            PveClient.params(
                "backup-type", backupType, "backup-id", backupId, "backup-time", backupTime.getEpochSecond()),
            new TypeReference<String>() {});
    return Upid.parse(upid);
  }

  public List<SyncJobStatus> syncJobs() {
    return pbs.get("/admin/sync", Map.of(), new TypeReference<>() {});
  }

  public TaskStatus taskStatus(Upid upid) {
    return pbs.get(taskPath(upid) + "/status", Map.of(), new TypeReference<>() {});
  }

  public List<TaskLogLine> taskLog(Upid upid, int start, int limit) {
    return pbs.get(
        taskPath(upid) + "/log", PveClient.params("start", start, "limit", limit), new TypeReference<>() {});
  }

  /** Polls until the task stops and returns its end status, whatever the exit status. */
  public TaskStatus awaitTaskEnd(Upid upid, Consumer<TaskProgress> heartbeat) {
    return new TaskWatch(upid, () -> taskStatus(upid), pbs.settings()).awaitEnd(heartbeat);
  }

  /** Polls until the task stops; a failed task becomes a non-retryable TASK_FAILED. */
  public TaskStatus awaitTask(Upid upid, Consumer<TaskProgress> heartbeat) {
    TaskStatus end = awaitTaskEnd(upid, heartbeat);
    return TaskWatch.requireSuccess(end, upid, pbs.where(), () -> taskLog(upid, 0, 10_000));
  }

  /** The last lines of a task's log, for a report. */
  public List<String> taskLogTail(Upid upid, int lines) {
    List<TaskLogLine> log = taskLog(upid, 0, 10_000);
    return log.subList(Math.max(0, log.size() - lines), log.size()).stream().map(TaskLogLine::t).toList();
  }

  /** The user's API tokens (full ids, expiry, enabled; never secrets). */
  public List<ApiToken> apiTokens(String userid) {
    return pbs.get(PveClient.tokensPath(userid), Map.of(), new TypeReference<>() {});
  }

  /**
   * Creates a token ({@code POST /access/users/{userid}/token/{token-name}}); its secret is in the
   * answer, once. PBS tokens always have their own ACL.
   *
   * @param expire epoch seconds, 0 for never
   */
  public NewApiToken createApiToken(String userid, String name, long expire, String comment) {
    return pbs.post(PveClient.tokensPath(userid) + "/" + ApiEndpoint.segment(name),
        PveClient.params("expire", expire, "comment", comment), new TypeReference<>() {});
  }

  /** Deletes a token. */
  public void deleteApiToken(String userid, String name) {
    pbs.delete(PveClient.tokensPath(userid) + "/" + ApiEndpoint.segment(name), Map.of(), new TypeReference<Object>() {});
  }

  /** Every ACL entry the caller may see. */
  public List<AclEntry> acl() {
    return pbs.get("/access/acl", Map.of(), new TypeReference<>() {});
  }

  /** Grants {@code role} on {@code path} to an auth id, user or token ({@code PUT /access/acl}). */
  public void grantAcl(String path, String role, String authId, boolean propagate) {
    pbs.put("/access/acl", PveClient.params("path", path, "role", role, "auth-id", authId, "propagate", propagate),
        new TypeReference<Object>() {});
  }

  public <T> T get(String path, Map<String, ?> params, TypeReference<T> type) {
    return pbs.get(path, params, type);
  }

  public <T> T post(String path, Map<String, ?> params, TypeReference<T> type) {
    return pbs.post(path, params, type);
  }

  private static String taskPath(Upid upid) {
    return "/nodes/localhost/tasks/" + upid.pathSegment();
  }

  @Override
  public String toString() {
    return "PbsClient[" + pbs.where() + "]";
  }
}
