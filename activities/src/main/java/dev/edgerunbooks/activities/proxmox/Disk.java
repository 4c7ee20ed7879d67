package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One disk of a node ({@code GET /nodes/{node}/disks/list}).
 *
 * @param devpath e.g. {@code /dev/nvme0n1}
 * @param used what uses it ({@code LVM}, {@code ZFS}, {@code partitions}, …); null when unused
 * @param osdid the Ceph OSD on it, -1 when none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Disk(
    String devpath,
    String type,
    Long size,
    String model,
    String serial,
    String health,
    String used,
    Integer osdid,
    @JsonProperty("osdid-list") List<Integer> osdidList) {

  /** Whether the disk already holds a Ceph OSD. */
  public boolean osd() {
    return (osdid != null && osdid >= 0) || (osdidList != null && !osdidList.isEmpty());
  }
}
