package dev.edgerunbooks.activities.store;

import dev.edgerunbooks.activities.proxmox.ApiConnection;
import dev.edgerunbooks.activities.proxmox.ApiEndpoint;
import dev.edgerunbooks.activities.proxmox.ApiFlavor;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.PbsClient;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.StoreRateLimit;
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

  public StoreEndpoints endpoints() {
    return endpoints;
  }

  public ClientSettings settings() {
    return settings;
  }

  /** The store's PVE cluster client, with the PVE token read now. */
  public PveClient pve() {
    String secret = credentials.forStore(storeId()).pveTokenSecret();
    return new PveClient(
        storeId(),
        nodes.stream()
            .map(c -> new ApiEndpoint(storeId(), ApiFlavor.PVE, c, endpoints.pveTokenId(), secret, settings, rateLimit))
            .toList());
  }

  /** The store's PBS client, with the PBS token read now. */
  public PbsClient pbs() {
    if (pbs == null) {
      throw new IllegalStateException("store " + storeId() + " has no PBS configured");
    }
    String secret = credentials.forStore(storeId()).pbsTokenSecret();
    return new PbsClient(
        new ApiEndpoint(storeId(), ApiFlavor.PBS, pbs, endpoints.pbsTokenId(), secret, settings, rateLimit));
  }

  @Override
  public String toString() {
    return "StoreClients[" + storeId() + "]";
  }
}
