package dev.edgerunbooks.activities.store;

/** Where a store's worker reads that store's API token secrets (a file, Vault). */
public interface CredentialSource {
  /** Stable failure type when a store's credentials cannot be read. Permanent until fixed. */
  String CREDENTIALS_MISSING = "StoreCredentialsMissing";

  StoreCredentials forStore(String storeId);
}
