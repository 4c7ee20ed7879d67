package dev.edgerunbooks.workflows.tokenrotation;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;
import java.util.List;

/**
 * A store's token steps, run by the store's own worker. A token's secret is shown once, at
 * creation, and goes straight to Vault: no step returns it. Every step is check-then-act.
 */
@ActivityInterface(namePrefix = "Token")
public interface StoreTokenActivities {
  /** The tokens each account of the store uses now, read through the worker's own credentials. */
  List<AccountToken> inspect(String storeId);

  /**
   * Creates the token {@code name} for the account with the expiry and holds its secret in Vault as
   * the account's pending token; returns its full id. A token of that name whose secret Vault lacks
   * (a crash between the two) is deleted and created again.
   */
  String create(String storeId, ApiAccount account, String name, Instant expire);

  /** Gives the new token the ACL entries of the token in use (a privilege-separated token has none of its own). */
  void grantAcl(String storeId, ApiAccount account, String tokenId, String fromTokenId);

  /** Calls the account's API with the pending token; fails with {@code TokenNotWorking} when it is refused. */
  void verify(String storeId, ApiAccount account, String tokenId);

  /**
   * Makes the pending token the account's token in Vault (a new KV version) and drops the pending one.
   * For the PBS account it first moves the store's side to the new token, so that backups keep working
   * once the old token is deleted: each pbs storage of the store's PVE cluster that logs in with the
   * old token (or a leftover token of this runbook's) gets the new token id and secret, and each backup
   * group of the store's datastore such a token owns is given to the new token (PBS refuses a token's
   * backups into another auth id's group). Storages and groups already on the new token are skipped.
   */
  void promote(String storeId, ApiAccount account, String tokenId);

  /** The token id this worker's credentials give for the account now: proof that the workers read the new one. */
  String inUse(String storeId, ApiAccount account);

  /** Deletes the token and any pending secret of it; a token already gone is fine. */
  void revoke(String storeId, ApiAccount account, String tokenId);

  /** The account's tokens that can still authenticate (not expired), full ids. */
  List<String> validTokens(String storeId, ApiAccount account);
}
