package dev.edgerunbooks.activities.store;

import dev.edgerunbooks.activities.proxmox.ApiConnection;
import dev.edgerunbooks.activities.proxmox.ApiEndpoint;
import dev.edgerunbooks.activities.proxmox.ApiFlavor;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.PbsClient;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.StoreRateLimit;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * Builds one store's PVE and PBS clients. The pinned HTTP connections and the store's rate limit
 * are made once and shared; the token (id and secret) is read from the {@link CredentialSource} each
 * time a client is asked for (inside an activity), so a rotated token is used at once and a secret
 * lives no longer than the activity that needs it. The PVE nodes' pins come from a {@link PinSource}
 * at each handshake (the fleet definition's, or Vault's while certificates rotate); the PBS is pinned
 * to the fleet definition's fingerprint.
 */
public final class StoreClients {
  private final StoreEndpoints endpoints;
  private final CredentialSource credentials;
  private final ClientSettings settings;
  private final List<ApiConnection> nodes;
  private final ApiConnection pbs;
  private final StoreRateLimit rateLimit;

  public StoreClients(StoreEndpoints endpoints, CredentialSource credentials, ClientSettings settings) {
    this(endpoints, credentials, PinSource.FLEET, settings);
  }

  public StoreClients(StoreEndpoints endpoints, CredentialSource credentials, PinSource pins, ClientSettings settings) {
    this(endpoints, credentials, pins, settings, StoreRateLimit.perSecond(settings.requestsPerSecond()));
  }

  public StoreClients(
      StoreEndpoints endpoints, CredentialSource credentials, ClientSettings settings, StoreRateLimit rateLimit) {
    this(endpoints, credentials, PinSource.FLEET, settings, rateLimit);
  }

  public StoreClients(
      StoreEndpoints endpoints,
      CredentialSource credentials,
      PinSource pins,
      ClientSettings settings,
      StoreRateLimit rateLimit) {
    this.endpoints = endpoints;
    this.credentials = credentials;
    this.settings = settings;
    this.rateLimit = rateLimit;
    this.nodes =
        endpoints.nodes().stream()
            .map(n -> ApiConnection.open(
                "PVE node " + n.name(), n.endpoint(), pins.forNode(endpoints.storeId(), n), settings.connectTimeout()))
            .toList();
    PbsEndpoint p = endpoints.pbs();
    this.pbs =
        p == null ? null : ApiConnection.open("PBS", p.endpoint(), p.fingerprint(), settings.connectTimeout());
  }

  public String storeId() {
    return endpoints.storeId();
  }

  /**
   * Refuses a call for another store: a site worker holds only its own store's credentials, so a
   * call naming another store came through the wrong task queue.
   */
  public void requireStore(String storeId) {
    if (!storeId().equals(storeId)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this worker serves store " + storeId() + " and holds no credentials for store " + storeId
              + ": check the task queue the workflow used (site-" + storeId + ")",
          FailureTypes.UNKNOWN_STORE);
    }
  }

  public StoreEndpoints endpoints() {
    return endpoints;
  }

  public ClientSettings settings() {
    return settings;
  }

  /**
   * The store's PVE cluster client, with the PVE token read now. The root password, which only the
   * root-only routes need, is read when one is first called.
   */
  public PveClient pve() {
    return pve(nodes);
  }

  /**
   * A PVE client that calls only this node's own API: for a node not (yet) in the cluster, whose
   * peers cannot forward to it, and for calls that act on the node that receives them (joining a
   * cluster).
   */
  public PveClient pveOn(String node) {
    return pve(List.of(nodes.get(indexOf(node))));
  }

  /**
   * A PVE cluster client that calls every node but {@code node} (PVE forwards {@code /nodes/{node}/…}
   * to it): for a change that restarts the node's API proxy, whose answer would be cut off by its
   * own restart. A store of one node gets a client of that node.
   */
  public PveClient pveExcept(String node) {
    int skip = indexOf(node);
    List<ApiConnection> others = new java.util.ArrayList<>(nodes);
    others.remove(skip);
    return pve(others.isEmpty() ? nodes : others);
  }

  /** The node of the fleet definition with this name. */
  public NodeEndpoint node(String node) {
    return endpoints.nodes().get(indexOf(node));
  }

  private int indexOf(String node) {
    for (int i = 0; i < nodes.size(); i++) {
      if (endpoints.nodes().get(i).name().equals(node)) {
        return i;
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "store " + storeId() + " has no node " + node + " in the fleet definition (it has "
            + endpoints.nodes().stream().map(NodeEndpoint::name).toList() + ")",
        FailureTypes.UNKNOWN_STORE);
  }

  private PveClient pve(List<ApiConnection> connections) {
    StoreCredentials c = credentials.forStore(storeId());
    return pve(connections, c.pveTokenId(endpoints), c.requirePveTokenSecret(storeId()));
  }

  /**
   * The store's PVE cluster client with a token given here rather than the worker's credentials:
   * for proving that a new token works before the workers are switched to it.
   */
  public PveClient pveWithToken(String tokenId, String secret) {
    return pve(nodes, tokenId, secret);
  }

  private PveClient pve(List<ApiConnection> connections, String tokenId, String secret) {
    return new PveClient(
        storeId(),
        connections.stream()
            .map(c -> new ApiEndpoint(storeId(), ApiFlavor.PVE, c, tokenId, secret, settings, rateLimit))
            .toList(),
        () -> credentials.forStore(storeId()).requireRootPassword(storeId()));
  }

  /** The store's PBS client, with the PBS token read now. */
  public PbsClient pbs() {
    requirePbs();
    StoreCredentials c = credentials.forStore(storeId());
    return pbsWithToken(c.pbsTokenId(endpoints), c.requirePbsTokenSecret(storeId()));
  }

  /** The store's PBS client with a token given here (a new one, before the workers use it). */
  public PbsClient pbsWithToken(String tokenId, String secret) {
    requirePbs();
    return new PbsClient(new ApiEndpoint(storeId(), ApiFlavor.PBS, pbs, tokenId, secret, settings, rateLimit));
  }

  private void requirePbs() {
    if (pbs == null) {
      throw new IllegalStateException("store " + storeId() + " has no PBS configured");
    }
  }

  /**
   * What this worker's credential source gives for the store now (cached as the source caches);
   * {@link StoreCredentials#pveTokenId(StoreEndpoints)} says which token the clients use.
   */
  public StoreCredentials credentials() {
    return credentials.forStore(storeId());
  }

  @Override
  public String toString() {
    return "StoreClients[" + storeId() + "]";
  }
}
