package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A task's status as PVE ({@code /nodes/{node}/tasks/{upid}/status}) and PBS report it.
 *
 * @param status {@code running} or {@code stopped}
 * @param exitstatus present once stopped: {@code OK}, {@code WARNINGS: n}, or the error
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskStatus(
    String upid,
    String node,
    Long pid,
    Long starttime,
    String type,
    String id,
    String user,
    String tokenid,
    String status,
    String exitstatus,
    Long endtime) {

  public boolean stopped() {
    return "stopped".equals(status);
  }

  /** OK and WARNINGS both count as success, as Proxmox's own tooling treats them. */
  public boolean succeeded() {
    return stopped()
        && exitstatus != null
        && (exitstatus.equals("OK") || exitstatus.startsWith("WARNINGS"));
  }
}
