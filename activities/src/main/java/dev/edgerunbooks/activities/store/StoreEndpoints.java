package dev.edgerunbooks.activities.store;

import java.util.List;
import java.util.Objects;

/**
 * Where a store's APIs are and which tokens to use. Holds no secret: the token secrets come from a
 * {@link CredentialSource} inside the activity that needs them.
 *
 * @param nodes the cluster's nodes, in the order calls try them
 * @param pveTokenId {@code user@realm!tokenid}, e.g. {@code edgerun@pve!runbooks}
 * @param pbsTokenId {@code user@realm!tokenname}, e.g. {@code edgerun@pbs!runbooks}
 */
public record StoreEndpoints(
    String storeId, List<NodeEndpoint> nodes, PbsEndpoint pbs, String pveTokenId, String pbsTokenId) {
  public StoreEndpoints {
    Objects.requireNonNull(storeId, "storeId");
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("store " + storeId + " has no PVE nodes");
    }
    Objects.requireNonNull(pveTokenId, "pveTokenId");
  }
}
