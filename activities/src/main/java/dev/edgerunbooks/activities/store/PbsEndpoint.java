package dev.edgerunbooks.activities.store;

import java.net.URI;
import java.util.Objects;

/**
 * A store's Proxmox Backup Server.
 *
 * @param fingerprint SHA-256 fingerprint of the PBS leaf certificate, {@code AA:BB:…}
 * @param datastore the PBS datastore the store's backups go to
 * @param pveStorage the name of that datastore as a PVE storage (the vzdump target)
 * @param offsiteSyncJob the PBS sync job that copies the datastore offsite, null when there is none
 */
public record PbsEndpoint(
    URI endpoint, String fingerprint, String datastore, String pveStorage, String offsiteSyncJob) {
  public PbsEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(datastore, "datastore");
  }
}
