package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /cluster/config/join}: what a node needs to join the cluster of the node asked. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterJoinInfo(
    @JsonProperty("preferred_node") String preferredNode,
    @JsonProperty("config_digest") String configDigest,
    List<Member> nodelist) {

  public ClusterJoinInfo {
    nodelist = nodelist == null ? List.of() : List.copyOf(nodelist);
  }

  /**
   * @param pveAddr the address its API listens on
   * @param pveFp the SHA-256 fingerprint of its API certificate, {@code AA:BB:…}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Member(
      String name,
      Integer nodeid,
      @JsonProperty("pve_addr") String pveAddr,
      @JsonProperty("pve_fp") String pveFp,
      @JsonProperty("quorum_votes") Integer quorumVotes,
      @JsonProperty("ring0_addr") String ring0Addr) {}
}
