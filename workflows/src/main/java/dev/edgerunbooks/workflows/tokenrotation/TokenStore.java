package dev.edgerunbooks.workflows.tokenrotation;

import java.time.Duration;
import java.util.List;

/**
 * A store and the accounts it has (a store without PBS has only PVE), and how long its worker may
 * take to pick up a task before the store counts as unreachable.
 */
public record TokenStore(String storeId, List<ApiAccount> accounts, Duration siteResponseTimeout) {
  public TokenStore {
    accounts = List.copyOf(accounts);
  }
}
