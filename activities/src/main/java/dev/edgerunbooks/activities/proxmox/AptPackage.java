package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code GET /nodes/{node}/apt/versions}: the Proxmox-relevant packages of a node, as
 * {@code pveversion -v} lists them.
 *
 * @param oldVersion the version installed ({@code OldVersion}: "Old version currently installed")
 * @param version the version to be updated to; some servers put the installed version here and no
 *     {@code OldVersion}
 * @param currentState {@code Installed}, {@code NotInstalled}, {@code ConfigFiles}…
 * @param runningKernel the kernel release the node booted, on the {@code proxmox-ve} entry only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AptPackage(
    @JsonProperty("Package") String name,
    @JsonProperty("Version") String version,
    @JsonProperty("OldVersion") String oldVersion,
    @JsonProperty("CurrentState") String currentState,
    @JsonProperty("RunningKernel") String runningKernel,
    @JsonProperty("ManagerVersion") String managerVersion) {

  /** The installed version, or null when the package is not (fully) installed. */
  public String installed() {
    if (currentState != null && !currentState.equals("Installed")) {
      return null;
    }
    return oldVersion != null && !oldVersion.isBlank() ? oldVersion : version;
  }
}
