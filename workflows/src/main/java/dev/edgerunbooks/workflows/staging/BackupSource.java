package dev.edgerunbooks.workflows.staging;

/**
 * Where a staging cluster reads one store's backups: a PBS storage on the staging cluster named
 * {@code storageId}, pointing at the store's PBS datastore. Nothing here is secret; the staging
 * worker reads the restore token's secret itself when it adds the storage.
 *
 * @param storageId the PVE storage id on the staging cluster, {@code pbs-<storeId>}
 * @param server host name or address of the store's PBS
 * @param fingerprint SHA-256 fingerprint of the PBS certificate, {@code AA:BB:…}
 * @param username the PBS token id the staging cluster uses, {@code user@realm!token}
 */
public record BackupSource(
    String storeId,
    String storageId,
    String server,
    int port,
    String datastore,
    String fingerprint,
    String username) {
  public static String storageIdFor(String storeId) {
    return "pbs-" + storeId;
  }
}
