package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of a node's task list ({@code GET /nodes/{node}/tasks}).
 *
 * @param id the worker id, e.g. the vmid of a {@code qmrestore}
 * @param status the exit status once the task ended ({@code OK}, the error…); null while it runs
 * @param endtime null while it runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskSummary(
    String upid, String node, String type, String id, String user, Long starttime, Long endtime, String status) {

  public boolean running() {
    return endtime == null && status == null;
  }

  public boolean succeeded() {
    return !running() && status != null && (status.equals("OK") || status.startsWith("WARNINGS"));
  }
}
