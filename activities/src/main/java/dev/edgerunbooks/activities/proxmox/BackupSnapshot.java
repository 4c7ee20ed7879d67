package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A PBS backup snapshot ({@code GET /admin/datastore/{store}/snapshots}).
 *
 * @param backupType {@code vm}, {@code ct} or {@code host}
 * @param backupTime epoch seconds
 * @param verification null when never verified
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupSnapshot(
    @JsonProperty("backup-type") String backupType,
    @JsonProperty("backup-id") String backupId,
    @JsonProperty("backup-time") long backupTime,
    List<File> files,
    Long size,
    String owner,
    @JsonProperty("protected") Boolean isProtected,
    String comment,
    String fingerprint,
    Verification verification) {

  public Instant time() {
    return Instant.ofEpochSecond(backupTime);
  }

  /** {@code ok}, {@code failed}, or {@code none} when never verified. */
  public String verifyState() {
    return verification == null || verification.state() == null ? "none" : verification.state();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record File(String filename, @JsonProperty("crypt-mode") String cryptMode, Long size) {}
}
