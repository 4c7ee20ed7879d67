package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One backup as PVE lists a storage's content ({@code content=backup}).
 *
 * @param volid e.g. {@code pbs-store:backup/vm/100/2024-01-01T00:00:00Z}
 * @param ctime backup time, epoch seconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupVolume(
    String volid,
    String format,
    String subtype,
    String content,
    Integer vmid,
    Long ctime,
    Long size,
    String notes,
    @JsonProperty("protected") Boolean isProtected,
    Boolean encrypted,
    Verification verification) {}
