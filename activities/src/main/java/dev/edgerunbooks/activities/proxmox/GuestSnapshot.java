package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One snapshot of a guest ({@code GET /nodes/{node}/{qemu|lxc}/{vmid}/snapshot}). PVE lists a
 * pseudo-entry {@code current} ("You are here!") after the real ones; {@link PveClient#snapshots}
 * leaves it out.
 *
 * @param snaptime epoch seconds; absent on {@code current}
 * @param parent the snapshot this one descends from, null for the first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuestSnapshot(String name, Long snaptime, String description, String parent) {
  /** The name PVE gives the pseudo-entry of the current state. */
  public static final String CURRENT = "current";
}
