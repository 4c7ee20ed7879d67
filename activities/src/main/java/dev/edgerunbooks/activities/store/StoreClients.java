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
 * are made once and shared; the token secrets are read from the {@link CredentialSource} each time
 * a client is asked for (inside an activity), so a rotated token is used at once and a secret lives
 * no longer than the activity that needs it.
 */
public final class StoreClients {
  private final StoreEndpoints endpoints;
  private final CredentialSource credentials;
  private final ClientSettings settings;
  private final List<ApiConnection> nodes;
  private final ApiConnection pbs;
  private final StoreRateLimit rateLimit;

  public StoreClients(StoreEndpoints endpoints, CredentialSource credentials, ClientSettings settings) {
    this(endpoints, credentials, settings, StoreRateLimit.perSecond(settings.requestsPerSecond()));
  }

  public StoreClients(
      StoreEndpoints endpoints, CredentialSource credentials, ClientSettings settings, StoreRateLimit rateLimit) {
    this.endpoints = endpoints;
    this.credentials = credentials;
    this.settings = settings;
    this.rateLimit = rateLimit;
    this.nodes =
        endpoints.nodes().stream()
            .map(n -> ApiConnection.open("PVE node " + n.name(), n.endpoint(), n.fingerprint(), settings.connectTimeout()))
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
    for (int i = 0; i < nodes.size(); i++) {
      if (endpoints.nodes().get(i).name().equals(node)) {
        return pve(List.of(nodes.get(i)));
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "store " + storeId() + " has no node " + node + " in the fleet definition (it has "
            + endpoints.nodes().stream().map(NodeEndpoint::name).toList() + ")",
        FailureTypes.UNKNOWN_STORE);
  }

  private PveClient pve(List<ApiConnection> connections) {
    String secret = credentials.forStore(storeId()).requirePveTokenSecret(storeId());
    return new PveClient(
        storeId(),
        connections.stream()
            .map(c -> new ApiEndpoint(storeId(), ApiFlavor.PVE, c, endpoints.pveTokenId(), secret, settings, rateLimit))
            .toList(),
        () -> credentials.forStore(storeId()).requireRootPassword(storeId()));
  }

  /** The store's PBS client, with the PBS token read now. */
  public PbsClient pbs() {
    if (pbs == null) {
      throw new IllegalStateException("store " + storeId() + " has no PBS configured");
    }
    String secret = credentials.forStore(storeId()).requirePbsTokenSecret(storeId());
    return new PbsClient(
        new ApiEndpoint(storeId(), ApiFlavor.PBS, pbs, endpoints.pbsTokenId(), secret, settings, rateLimit));
  }

  @Override
  public String toString() {
    return "StoreClients[" + storeId() + "]";
  }
}
