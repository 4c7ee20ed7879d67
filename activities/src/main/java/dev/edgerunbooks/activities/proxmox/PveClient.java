package dev.edgerunbooks.activities.proxmox;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A store's PVE cluster. Any node answers for the whole cluster (pveproxy forwards to the node that
 * owns a call), so a call goes to the node that last answered and fails over to the next when a node
 * is unreachable. A pin mismatch, a refused token or a bad request never fails over: another node
 * would not make them right.
 */
public final class PveClient {
  private final String storeId;
  private final List<ApiEndpoint> nodes;
  private final AtomicInteger preferred = new AtomicInteger();

  public PveClient(String storeId, List<ApiEndpoint> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("store " + storeId + " has no PVE nodes");
    }
    this.storeId = storeId;
    this.nodes = List.copyOf(nodes);
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

  private ClientSettings settings() {
    return nodes.get(0).settings();
  }

  private static String taskPath(String node, Upid upid) {
    return "/nodes/" + ApiEndpoint.segment(node) + "/tasks/" + upid.pathSegment();
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
