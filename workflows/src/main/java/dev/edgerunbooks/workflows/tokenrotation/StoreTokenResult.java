package dev.edgerunbooks.workflows.tokenrotation;

import java.util.List;

/** @param failure why the store could not be handled at all; null when it was */
public record StoreTokenResult(String storeId, List<AccountRotation> accounts, String failure) {
  public StoreTokenResult {
    accounts = List.copyOf(accounts);
  }
}
