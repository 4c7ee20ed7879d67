package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A PBS backup group ({@code GET /admin/datastore/{store}/groups}): the snapshots of one guest. Only
 * its owner (and, for a token, that token's user) may add snapshots to it.
 *
 * @param backupType {@code vm}, {@code ct} or {@code host}
 * @param lastBackup epoch seconds of its newest snapshot
 * @param owner the auth id it belongs to, {@code user@realm} or {@code user@realm!token}
 * @param files the archive names of its newest snapshot
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupGroup(
    @JsonProperty("backup-type") String backupType,
    @JsonProperty("backup-id") String backupId,
    @JsonProperty("last-backup") Long lastBackup,
    @JsonProperty("backup-count") Long backupCount,
    String owner,
    String comment,
    List<String> files) {

  /** {@code vm/101}. */
  public String name() {
    return backupType + "/" + backupId;
  }
}
