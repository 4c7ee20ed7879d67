package dev.edgerunbooks.workflows.tokenrotation;

import java.util.List;

/** A store and the accounts it has (a store without PBS has only PVE). */
public record TokenStore(String storeId, List<ApiAccount> accounts) {
  public TokenStore {
    accounts = List.copyOf(accounts);
  }
}
