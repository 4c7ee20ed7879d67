package dev.edgerunbooks.activities.tokenrotation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edgerunbooks.activities.proxmox.AclEntry;
import dev.edgerunbooks.activities.proxmox.ApiToken;
import dev.edgerunbooks.activities.proxmox.BackupGroup;
import dev.edgerunbooks.activities.proxmox.NewApiToken;
import dev.edgerunbooks.activities.proxmox.PbsClient;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.StorageConfig;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.vault.VaultKv;
import dev.edgerunbooks.activities.vault.VaultPaths;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.tokenrotation.AccountToken;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A store's API token steps, run by the store's own worker with its own credentials (the token in
 * use manages the account's tokens and ACL). A new token's secret goes from the API's answer straight
 * to Vault ({@code tokens/<account>-pending}), and from there to {@code tokens/<account>} when the
 * workers switch; no step returns it, and no message names it.
 *
 * <p>Switching the PBS account also moves what holds the old token on the store's side: before Vault
 * changes, the cluster's pbs storages that log in with it and the backup groups it owns go to the new
 * token, so that backups, listings and restores keep working when the old token is deleted.
 *
 * <p>Each step checks before it acts: a token whose pending secret Vault holds is not created again
 * (one whose secret Vault lacks is deleted and created again), an ACL entry the new token has is not
 * granted again, a storage or backup group already on the new token is not moved again, a promotion
 * already made is not made again, a token already gone is not an error.
 */
public final class StoreTokenActivitiesImpl implements StoreTokenActivities {
  private static final String COMMENT = "edge-runbooks";
  /** The names the rotation workflow gives the tokens it creates (and deletes once replaced). */
  private static final Pattern ROTATED_NAME = Pattern.compile("rot-\\d{8}-[0-9a-f]{6}");

  private final StoreClients store;
  private final VaultKv vault;
  private final VaultPaths paths;
  private final Clock clock;

  public StoreTokenActivitiesImpl(StoreClients store, VaultKv vault) {
    this(store, vault, Clock.systemUTC());
  }

  public StoreTokenActivitiesImpl(StoreClients store, VaultKv vault, Clock clock) {
    this.store = store;
    this.vault = vault;
    this.paths = vault.paths();
    this.clock = clock;
  }

  /** A token id and its secret, as Vault holds them. */
  private record Held(String tokenId, String secret) {
    @Override
    public String toString() {
      return "Held[" + tokenId + ", ****]";
    }
  }

  // ---------------------------------------------------------------- inspect

  @Override
  public List<AccountToken> inspect(String storeId) {
    store.requireStore(storeId);
    List<AccountToken> out = new ArrayList<>();
    for (ApiAccount account : accounts()) {
      String inUse = inUse(storeId, account);
      String user = ApiToken.userOf(inUse);
      Instant expire = null;
      List<String> others = new ArrayList<>();
      for (ApiToken t : tokens(account, user)) {
        String id = t.fullId(user);
        if (id.equals(inUse)) {
          expire = t.expiry();
        } else {
          others.add(id);
        }
      }
      out.add(new AccountToken(account, inUse, expire, others));
    }
    return out;
  }

  private List<ApiAccount> accounts() {
    return store.endpoints().pbs() == null ? List.of(ApiAccount.PVE) : List.of(ApiAccount.PVE, ApiAccount.PBS);
  }

  // ---------------------------------------------------------------- create

  @Override
  public String create(String storeId, ApiAccount account, String name, Instant expire) {
    store.requireStore(storeId);
    String user = ApiToken.userOf(inUse(storeId, account));
    String tokenId = user + "!" + name;
    Optional<Held> pending = held(paths.pendingToken(storeId, account));
    boolean exists = tokens(account, user).stream().anyMatch(t -> t.fullId(user).equals(tokenId));
    if (exists && pending.map(p -> p.tokenId().equals(tokenId)).orElse(false)) {
      return tokenId;
    }
    if (exists) {
      // created by an attempt that died before Vault had its secret: nobody can use it
      deleteToken(account, user, name);
    }
    long epoch = expire == null ? 0 : expire.getEpochSecond();
    NewApiToken created = account == ApiAccount.PVE
        ? store.pve().createApiToken(user, name, epoch, true, COMMENT)
        : store.pbs().createApiToken(user, name, epoch, COMMENT);
    if (created == null || created.value() == null || created.value().isBlank()) {
      throw ApplicationFailure.newFailure(
          "creating " + tokenId + " on store " + storeId + " gave no secret; retried (the token is created again)",
          FailureTypes.API_SERVER_ERROR);
    }
    vault.write(paths.pendingToken(storeId, account), Map.of(VaultPaths.TOKEN_ID, tokenId, VaultPaths.SECRET, created.value()));
    return tokenId;
  }

  // ---------------------------------------------------------------- ACL

  @Override
  public void grantAcl(String storeId, ApiAccount account, String tokenId, String fromTokenId) {
    store.requireStore(storeId);
    if (account == ApiAccount.PVE) {
      PveClient pve = store.pve();
      List<AclEntry> acl = pve.acl();
      for (AclEntry e : entriesOf(acl, fromTokenId, storeId, account)) {
        if (!has(acl, tokenId, e)) {
          pve.grantTokenAcl(e.path(), e.roleid(), tokenId, e.propagate());
        }
      }
    } else {
      PbsClient pbs = store.pbs();
      List<AclEntry> acl = pbs.acl();
      for (AclEntry e : entriesOf(acl, fromTokenId, storeId, account)) {
        if (!has(acl, tokenId, e)) {
          pbs.grantAcl(e.path(), e.roleid(), tokenId, e.propagate());
        }
      }
    }
  }

  private static List<AclEntry> entriesOf(List<AclEntry> acl, String tokenId, String storeId, ApiAccount account) {
    List<AclEntry> own = acl.stream().filter(e -> tokenId.equals(e.ugid())).toList();
    if (own.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the " + account + " token " + tokenId + " of store " + storeId + " has no ACL entries of its own to copy"
              + " (a token without privilege separation uses its user's): give it its own ACL entries, or rotate by hand",
          FailureTypes.TOKEN_NOT_WORKING);
    }
    return own;
  }

  private static boolean has(List<AclEntry> acl, String tokenId, AclEntry like) {
    return acl.stream().anyMatch(e -> tokenId.equals(e.ugid()) && like.path().equals(e.path())
        && like.roleid().equals(e.roleid()) && like.propagate() == e.propagate());
  }

  // ---------------------------------------------------------------- verify

  @Override
  public void verify(String storeId, ApiAccount account, String tokenId) {
    store.requireStore(storeId);
    Held token = held(paths.pendingToken(storeId, account))
        .filter(h -> h.tokenId().equals(tokenId))
        .or(() -> held(paths.token(storeId, account)).filter(h -> h.tokenId().equals(tokenId)))
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
            "Vault holds no secret of " + tokenId + " for store " + storeId + " (" + paths.pendingToken(storeId, account)
                + "): create the token first", FailureTypes.INVALID_REQUEST));
    String call = account == ApiAccount.PVE ? "GET /nodes" : "GET /admin/datastore";
    List<?> seen;
    try {
      seen = account == ApiAccount.PVE
          ? store.pveWithToken(token.tokenId(), token.secret()).get("/nodes", Map.of(), new TypeReference<List<Map<String, Object>>>() {})
          : store.pbsWithToken(token.tokenId(), token.secret()).datastores();
    } catch (ApplicationFailure e) {
      if (FailureTypes.AUTH_FAILED.equals(e.getType()) || FailureTypes.PERMISSION_DENIED.equals(e.getType())) {
        throw ApplicationFailure.newNonRetryableFailure(
            tokenId + " does not work on store " + storeId + ": " + call + " was refused (" + e.getOriginalMessage() + ")",
            FailureTypes.TOKEN_NOT_WORKING);
      }
      throw e;
    }
    if (seen == null || seen.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          tokenId + " does not work on store " + storeId + ": " + call + " sees nothing, so it lacks its ACL entries",
          FailureTypes.TOKEN_NOT_WORKING);
    }
  }

  // ---------------------------------------------------------------- the switch

  @Override
  public void promote(String storeId, ApiAccount account, String tokenId) {
    store.requireStore(storeId);
    Optional<Held> pending = held(paths.pendingToken(storeId, account));
    if (pending.isPresent() && pending.get().tokenId().equals(tokenId)) {
      if (account == ApiAccount.PBS) {
        moveBackupsTo(storeId, pending.get());
      }
      vault.write(paths.token(storeId, account),
          Map.of(VaultPaths.TOKEN_ID, tokenId, VaultPaths.SECRET, pending.get().secret()));
      vault.delete(paths.pendingToken(storeId, account));
      return;
    }
    if (held(paths.token(storeId, account)).map(h -> h.tokenId().equals(tokenId)).orElse(false)) {
      return; // promoted by an earlier attempt
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "Vault holds no pending secret of " + tokenId + " for store " + storeId + " to switch the workers to",
        FailureTypes.INVALID_REQUEST);
  }

  /**
   * The PVE side of a PBS token switch, before the workers switch: every pbs storage of the store's
   * cluster that logs in with a token this rotation retires gets the new token and its secret (PVE
   * never shows a storage's password, so it is always sent), and every backup group of the store's
   * datastore such a token owns becomes the new token's (PBS refuses a token's backup into a group
   * another auth id owns, even a sibling token of the same user). A storage already on the new token
   * and a group it already owns are left alone, so a retry does only what is left.
   */
  private void moveBackupsTo(String storeId, Held next) {
    Predicate<String> retired = retiredBy(storeId, next.tokenId());
    PveClient pve = store.pve();
    for (StorageConfig storage : pve.storages("pbs")) {
      if (storage.username() != null && retired.test(storage.username())) {
        try {
          pve.updatePbsStorageLogin(storage.storage(), next.tokenId(), next.secret(), storage.digest());
        } catch (ApplicationFailure e) {
          throw withoutSecret(e, next.secret());
        }
      }
    }
    PbsClient pbs = store.pbs();
    String datastore = store.endpoints().pbs().datastore();
    for (BackupGroup group : pbs.backupGroups(datastore)) {
      if (group.owner() != null && retired.test(group.owner())) {
        pbs.changeBackupOwner(datastore, group.backupType(), group.backupId(), next.tokenId());
      }
    }
  }

  /**
   * The PBS tokens a switch to {@code tokenId} retires: the one Vault gives the workers now, the one
   * this worker's credentials give, and any other token of this runbook's (the rotation deletes them
   * all; one may hold a storage when an earlier switch failed after moving it).
   */
  private Predicate<String> retiredBy(String storeId, String tokenId) {
    Set<String> old = new HashSet<>();
    held(paths.token(storeId, ApiAccount.PBS)).ifPresent(h -> old.add(h.tokenId()));
    old.add(inUse(storeId, ApiAccount.PBS));
    String user = ApiToken.userOf(tokenId);
    return authId -> !authId.equals(tokenId) && (old.contains(authId)
        || authId.startsWith(user + "!") && ROTATED_NAME.matcher(ApiToken.nameOf(authId)).matches());
  }

  /** The failure with the secret blanked out of its message (a server may echo what it was sent). */
  private static ApplicationFailure withoutSecret(ApplicationFailure e, String secret) {
    String message = e.getOriginalMessage();
    if (message == null || !message.contains(secret)) {
      return e;
    }
    String clean = message.replace(secret, "****");
    return e.isNonRetryable()
        ? ApplicationFailure.newNonRetryableFailure(clean, e.getType())
        : ApplicationFailure.newFailure(clean, e.getType());
  }

  @Override
  public String inUse(String storeId, ApiAccount account) {
    store.requireStore(storeId);
    StoreCredentials credentials = store.credentials();
    return account == ApiAccount.PVE
        ? credentials.pveTokenId(store.endpoints())
        : credentials.pbsTokenId(store.endpoints());
  }

  // ---------------------------------------------------------------- revoke

  @Override
  public void revoke(String storeId, ApiAccount account, String tokenId) {
    store.requireStore(storeId);
    boolean workersUseIt = tokenId.equals(inUse(storeId, account))
        || held(paths.token(storeId, account)).map(h -> h.tokenId().equals(tokenId)).orElse(false);
    if (workersUseIt) {
      throw ApplicationFailure.newNonRetryableFailure(
          tokenId + " is the token the workers of store " + storeId + " use (Vault's " + paths.token(storeId, account)
              + ", or this worker's credentials): it is not deleted", FailureTypes.INVALID_REQUEST);
    }
    String user = ApiToken.userOf(tokenId);
    if (tokens(account, user).stream().anyMatch(t -> t.fullId(user).equals(tokenId))) {
      deleteToken(account, user, ApiToken.nameOf(tokenId));
    }
    if (held(paths.pendingToken(storeId, account)).map(h -> h.tokenId().equals(tokenId)).orElse(false)) {
      vault.delete(paths.pendingToken(storeId, account));
    }
  }

  @Override
  public List<String> validTokens(String storeId, ApiAccount account) {
    store.requireStore(storeId);
    String user = ApiToken.userOf(inUse(storeId, account));
    Instant now = clock.instant();
    return tokens(account, user).stream().filter(t -> t.validAt(now)).map(t -> t.fullId(user)).sorted().toList();
  }

  // ---------------------------------------------------------------- helpers

  private List<ApiToken> tokens(ApiAccount account, String user) {
    return account == ApiAccount.PVE ? store.pve().apiTokens(user) : store.pbs().apiTokens(user);
  }

  /** Deletes a token; one already gone is fine. */
  private void deleteToken(ApiAccount account, String user, String name) {
    try {
      if (account == ApiAccount.PVE) {
        store.pve().deleteApiToken(user, name);
      } else {
        store.pbs().deleteApiToken(user, name);
      }
    } catch (ApplicationFailure e) {
      boolean gone = PveClient.notFound(e) || (e.getOriginalMessage() != null && e.getOriginalMessage().contains("no such token"));
      if (!gone) {
        throw e;
      }
    }
  }

  private Optional<Held> held(String path) {
    return vault.read(path).flatMap(e -> {
      String id = e.get(VaultPaths.TOKEN_ID);
      String secret = e.get(VaultPaths.SECRET);
      return id == null || secret == null ? Optional.empty() : Optional.of(new Held(id, secret));
    });
  }

  @Override
  public String toString() {
    return "StoreTokenActivitiesImpl[" + store.storeId() + "]";
  }
}
