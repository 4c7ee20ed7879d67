package dev.edgerunbooks.activities.store;

import io.temporal.failure.ApplicationFailure;

/**
 * A store's secrets: its API token secrets and, for a staging cluster that is rebuilt from bare
 * nodes, the {@code root@pam} password that creating and joining a cluster needs. Lives only inside
 * an activity; {@link #toString()} masks the secrets so a stray log line or exception message cannot
 * leak them. A secret the site has no use for may be null (a staging cluster has no PBS; the worker
 * of a staging cluster holds only a restore token for each store of its region); the {@code
 * require…} accessors fail, naming the missing key, when a call needs one.
 *
 * @param rootPassword the {@code root@pam} password; null when none is configured
 * @param pveTokenId the PVE token the secret belongs to, {@code user@realm!name}; null for the fleet
 *     definition's ({@link StoreEndpoints#pveTokenId()}): a credentials file holds only secrets, Vault
 *     holds each secret with its token id, since a rotation changes both
 * @param pbsTokenId likewise for PBS
 */
public record StoreCredentials(
    String pveTokenSecret, String pbsTokenSecret, String rootPassword, String pveTokenId, String pbsTokenId) {

  /** Secrets of the fleet definition's tokens. */
  public StoreCredentials(String pveTokenSecret, String pbsTokenSecret, String rootPassword) {
    this(pveTokenSecret, pbsTokenSecret, rootPassword, null, null);
  }

  public StoreCredentials(String pveTokenSecret, String pbsTokenSecret) {
    this(pveTokenSecret, pbsTokenSecret, null);
  }

  /** The PVE token these credentials are for: their own, else the fleet definition's. */
  public String pveTokenId(StoreEndpoints endpoints) {
    return pveTokenId != null ? pveTokenId : endpoints.pveTokenId();
  }

  /** The PBS token these credentials are for: their own, else the fleet definition's. */
  public String pbsTokenId(StoreEndpoints endpoints) {
    return pbsTokenId != null ? pbsTokenId : endpoints.pbsTokenId();
  }

  public String requirePveTokenSecret(String storeId) {
    return require(pveTokenSecret, storeId, CredentialsDirectory.PVE_SECRET);
  }

  public String requirePbsTokenSecret(String storeId) {
    return require(pbsTokenSecret, storeId, CredentialsDirectory.PBS_SECRET);
  }

  public String requireRootPassword(String storeId) {
    return require(rootPassword, storeId, CredentialsDirectory.ROOT_PASSWORD);
  }

  private static String require(String secret, String storeId, String key) {
    if (secret == null || secret.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the credentials of " + storeId + " have no " + key + ": add it to the credentials the worker reads"
              + " (" + storeId + ".properties in the credentials directory; a token rotation keeps the token in Vault)",
          CredentialSource.CREDENTIALS_MISSING);
    }
    return secret;
  }

  @Override
  public String toString() {
    return "StoreCredentials[pveTokenSecret=" + mask(pveTokenSecret) + ", pbsTokenSecret="
        + mask(pbsTokenSecret) + ", rootPassword=" + mask(rootPassword)
        + (pveTokenId == null ? "" : ", pveTokenId=" + pveTokenId)
        + (pbsTokenId == null ? "" : ", pbsTokenId=" + pbsTokenId) + "]";
  }

  private static String mask(String secret) {
    return secret == null ? "<none>" : "****";
  }
}
