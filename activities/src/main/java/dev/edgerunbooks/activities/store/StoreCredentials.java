package dev.edgerunbooks.activities.store;

/**
 * A store's API token secrets. Lives only inside an activity; {@link #toString()} masks the secrets
 * so a stray log line or exception message cannot leak them.
 */
public record StoreCredentials(String pveTokenSecret, String pbsTokenSecret) {
  @Override
  public String toString() {
    return "StoreCredentials[pveTokenSecret=" + mask(pveTokenSecret) + ", pbsTokenSecret="
        + mask(pbsTokenSecret) + "]";
  }

  private static String mask(String secret) {
    return secret == null ? "<none>" : "****";
  }
}
