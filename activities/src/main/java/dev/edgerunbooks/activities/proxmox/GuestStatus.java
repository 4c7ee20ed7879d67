package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /nodes/{node}/{qemu|lxc}/{vmid}/status/current}, the parts the runbooks read.
 *
 * @param status {@code running} or {@code stopped}
 * @param lock e.g. {@code create} while a restore runs; null when unlocked
 * @param agent (VM) whether a QEMU guest agent is configured
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuestStatus(
    int vmid, String name, String status, String lock, String qmpstatus, Boolean agent, Long uptime) {

  public boolean running() {
    return "running".equals(status);
  }
}
