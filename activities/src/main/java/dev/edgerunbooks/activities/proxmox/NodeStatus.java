package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /nodes/{node}/status}, the parts the runbooks read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeStatus(
    Double cpu,
    Memory memory,
    Memory rootfs,
    List<String> loadavg,
    String pveversion,
    String kversion,
    @JsonProperty("current-kernel") Kernel currentKernel,
    Long uptime) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Memory(Long total, Long used, Long free, Long available) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Kernel(String release, String version, String machine, String sysname) {}
}
