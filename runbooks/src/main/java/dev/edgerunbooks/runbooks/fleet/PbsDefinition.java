package dev.edgerunbooks.runbooks.fleet;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A store's Proxmox Backup Server.
 *
 * @param pveStorage the PVE storage id under which the store's cluster mounts {@code datastore}
 * @param offsiteSyncJob the PBS sync job that copies the datastore offsite, when there is one
 */
public record PbsDefinition(
    URI endpoint, String fingerprint, String datastore, String pveStorage, Optional<String> offsiteSyncJob) {
  public PbsDefinition {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(datastore, "datastore");
    Objects.requireNonNull(pveStorage, "pveStorage");
    Objects.requireNonNull(offsiteSyncJob, "offsiteSyncJob");
  }
}
