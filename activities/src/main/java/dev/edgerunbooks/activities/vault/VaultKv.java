package dev.edgerunbooks.activities.vault;

import java.util.Map;
import java.util.Optional;

/**
 * Entries of a KV version 2 mount, by path relative to the mount ({@link VaultPaths}). Every failure
 * is an {@code ApplicationFailure}: {@code VaultUnavailable} (retryable) when Vault cannot be reached,
 * is sealed or fails, {@code VaultPermissionDenied} (not retryable) when it refuses the worker's
 * token. Messages name the path and Vault's address, never a value.
 */
public interface VaultKv {
  /** The latest version of the entry; empty when there is none (or it was deleted). */
  Optional<Map<String, String>> read(String path);

  /** Writes a new version of the entry. */
  void write(String path, Map<String, String> data);

  /**
   * Writes the entry only when it does not exist yet (check-and-set 0), so two workers creating it
   * at once do not overwrite each other; returns false when it existed.
   */
  boolean create(String path, Map<String, String> data);

  /** Removes the entry with every version of it; an entry already gone is fine. */
  void delete(String path);

  /** The layout under this store's prefix. */
  VaultPaths paths();
}
