package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The last verification of a backup snapshot.
 *
 * @param state {@code ok} or {@code failed}
 * @param upid the verify task
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Verification(String state, String upid) {}
