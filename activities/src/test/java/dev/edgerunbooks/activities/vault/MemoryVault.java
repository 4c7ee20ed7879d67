package dev.edgerunbooks.activities.vault;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** KV entries in memory, for the caching and pinning rules; Vault itself is tested through the driver against the lab. */
public final class MemoryVault implements VaultKv {
  public final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();
  public final AtomicInteger reads = new AtomicInteger();
  public volatile boolean sealed;
  private final VaultPaths paths = new VaultPaths(VaultSettings.DEFAULT_PREFIX);

  @Override
  public Optional<Map<String, String>> read(String path) {
    reads.incrementAndGet();
    unsealed();
    return Optional.ofNullable(entries.get(path));
  }

  @Override
  public void write(String path, Map<String, String> data) {
    unsealed();
    entries.put(path, Map.copyOf(data));
  }

  @Override
  public boolean create(String path, Map<String, String> data) {
    unsealed();
    return entries.putIfAbsent(path, Map.copyOf(data)) == null;
  }

  @Override
  public void delete(String path) {
    unsealed();
    entries.remove(path);
  }

  @Override
  public VaultPaths paths() {
    return paths;
  }

  private void unsealed() {
    if (sealed) {
      throw ApplicationFailure.newFailure("Vault is sealed", FailureTypes.VAULT_UNAVAILABLE);
    }
  }
}
