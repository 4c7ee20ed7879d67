package dev.edgerunbooks.activities.vault;

import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A store's API tokens from Vault ({@code <prefix>/stores/<store>/tokens/pve|pbs}, each with its
 * token id), else from the fallback (the credentials directory, with the fleet definition's token
 * ids): the first rotation of an account moves it from the file to Vault, and from then on Vault
 * wins. The {@code root@pam} password always comes from the fallback.
 *
 * <p>What was read is kept for the cache TTL, so a busy worker does not read Vault per call; a
 * rotation's grace period is longer than that TTL. When Vault cannot be reached the credentials last
 * read are used on (a store keeps working through a Vault outage); with none read yet the call fails
 * with {@code VaultUnavailable}, retried.
 */
public final class VaultCredentialSource implements CredentialSource {
  private record Cached(StoreCredentials credentials, long readAt) {}

  private final VaultKv vault;
  private final CredentialSource fallback;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public VaultCredentialSource(VaultKv vault, CredentialSource fallback, Duration cacheTtl) {
    this(vault, fallback, cacheTtl, System::nanoTime);
  }

  public VaultCredentialSource(VaultKv vault, CredentialSource fallback, Duration cacheTtl, LongSupplier nanoClock) {
    this.vault = vault;
    this.fallback = fallback;
    this.ttlNanos = cacheTtl.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public StoreCredentials forStore(String storeId) {
    Cached last = cache.get(storeId);
    if (last != null && nanoClock.getAsLong() - last.readAt() < ttlNanos) {
      return last.credentials();
    }
    try {
      StoreCredentials read = read(storeId);
      cache.put(storeId, new Cached(read, nanoClock.getAsLong()));
      return read;
    } catch (ApplicationFailure e) {
      if (last != null && FailureTypes.VAULT_UNAVAILABLE.equals(e.getType())) {
        return last.credentials();
      }
      throw e;
    }
  }

  private StoreCredentials read(String storeId) {
    Optional<Token> pve = token(storeId, ApiAccount.PVE);
    Optional<Token> pbs = token(storeId, ApiAccount.PBS);
    StoreCredentials file = fileOf(storeId, pve.isPresent() || pbs.isPresent());
    return new StoreCredentials(
        pve.map(Token::secret).orElse(file == null ? null : file.pveTokenSecret()),
        pbs.map(Token::secret).orElse(file == null ? null : file.pbsTokenSecret()),
        file == null ? null : file.rootPassword(),
        pve.map(Token::tokenId).orElse(file == null ? null : file.pveTokenId()),
        pbs.map(Token::tokenId).orElse(file == null ? null : file.pbsTokenId()));
  }

  /** The fallback's credentials; null when it has none and Vault gave some. */
  private StoreCredentials fileOf(String storeId, boolean vaultGaveSome) {
    try {
      return fallback.forStore(storeId);
    } catch (ApplicationFailure e) {
      if (vaultGaveSome && CREDENTIALS_MISSING.equals(e.getType())) {
        return null;
      }
      throw e;
    }
  }

  private record Token(String tokenId, String secret) {
    @Override
    public String toString() {
      return "Token[" + tokenId + ", ****]";
    }
  }

  private Optional<Token> token(String storeId, ApiAccount account) {
    String path = vault.paths().token(storeId, account);
    return vault.read(path).map(data -> {
      String id = data.get(VaultPaths.TOKEN_ID);
      String secret = data.get(VaultPaths.SECRET);
      if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Vault entry " + path + " lacks " + VaultPaths.TOKEN_ID + " or " + VaultPaths.SECRET
                + ": write both, or delete the entry so the worker uses its credentials file",
            CREDENTIALS_MISSING);
      }
      return new Token(id.strip(), secret.strip());
    });
  }

  @Override
  public String toString() {
    return "VaultCredentialSource[" + vault + ", else " + fallback + "]";
  }
}
