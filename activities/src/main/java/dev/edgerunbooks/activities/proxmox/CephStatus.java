package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /cluster/ceph/status}: raw {@code ceph status}, the parts the runbooks read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CephStatus(
    Health health,
    OsdMap osdmap,
    PgMap pgmap,
    @JsonProperty("quorum_names") List<String> quorumNames) {

  /** {@code HEALTH_OK}, {@code HEALTH_WARN} or {@code HEALTH_ERR}; null when none is reported. */
  public String healthStatus() {
    return health == null ? null : health.status();
  }

  public boolean healthOk() {
    return "HEALTH_OK".equals(healthStatus());
  }

  /** The status and its checks, e.g. {@code HEALTH_WARN: OSDMAP_FLAGS (noout flag(s) set)}. */
  public String describeHealth() {
    if (healthStatus() == null) {
      return "no health reported";
    }
    if (health.checks() == null || health.checks().isEmpty()) {
      return health.status();
    }
    List<String> checks = new ArrayList<>();
    health.checks().forEach(
        (id, check) -> checks.add(id + (check == null || check.summary() == null ? "" : " (" + check.summary().message() + ")")));
    return health.status() + ": " + String.join(", ", checks);
  }

  /** @param status {@code HEALTH_OK}, {@code HEALTH_WARN} or {@code HEALTH_ERR} */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Health(String status, Map<String, Check> checks) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Check(String severity, Summary summary) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Summary(String message) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record OsdMap(
      @JsonProperty("num_osds") Integer numOsds,
      @JsonProperty("num_up_osds") Integer numUpOsds,
      @JsonProperty("num_in_osds") Integer numInOsds) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PgMap(@JsonProperty("pgs_by_state") List<PgState> pgsByState) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PgState(@JsonProperty("state_name") String stateName, Integer count) {}
}
