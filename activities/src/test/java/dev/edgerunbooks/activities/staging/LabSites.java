package dev.edgerunbooks.activities.staging;

import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.PbsEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.activities.vault.VaultSettings;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabCredentials;
import dev.edgerunbooks.lab.LabOptions;
import dev.edgerunbooks.workflows.staging.BackupSource;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** How the activities see the lab's sites: endpoints and credentials as a site worker would hold them. */
public final class LabSites {
  public static final String STAGING = "staging-eu-central";
  public static final String STORE = "store-0001";
  public static final ClientSettings FAST =
      new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 0, Duration.ofMillis(20), 3);

  private LabSites() {}

  /** Options for a lab of one store (and the four staging clusters) on ports the lab picks. */
  public static LabOptions options() {
    return LabOptions.defaults().withStores(1).withBasePort(0).withAdminPort(0).withAuthFailureDelay(Duration.ZERO);
  }

  /** What a worker reads from its credentials: every site's tokens and root password, from the lab. */
  public static CredentialSource credentials(Lab lab) {
    return siteId -> {
      LabCredentials c = lab.credentials(siteId);
      return new StoreCredentials(c.pveSecret(), c.pbsSecret(), c.rootPassword());
    };
  }

  /** A staging cluster as its worker's fleet definition describes it: three nodes, no PBS. */
  public static StoreEndpoints staging(Lab lab, String siteId) {
    return new StoreEndpoints(
        siteId,
        Lab.STAGING_NODES.stream()
            .map(n -> new NodeEndpoint(n, base(lab.pveUri(siteId, n)), lab.fingerprint(siteId, n)))
            .toList(),
        null,
        lab.credentials(siteId).pveTokenId(),
        null);
  }

  /** A store as its site worker's fleet definition describes it: three nodes and its PBS. */
  public static StoreEndpoints store(Lab lab, String storeId) {
    URI pbs = lab.pbsUri(storeId);
    return new StoreEndpoints(
        storeId,
        Lab.PVE_NODES.stream()
            .map(n -> new NodeEndpoint(n, base(lab.pveUri(storeId, n)), lab.fingerprint(storeId, n)))
            .toList(),
        new PbsEndpoint(base(pbs), lab.fingerprint(storeId, "pbs"), "store", "pbs-store", "offsite-s3"),
        lab.credentials(storeId).pveTokenId(),
        lab.credentials(storeId).pbsTokenId());
  }

  public static StoreClients stagingClients(Lab lab, CredentialSource credentials) {
    return new StoreClients(staging(lab, STAGING), credentials, FAST);
  }

  /** Where the staging cluster reads a store's backups: the store's PBS, by address and port. */
  public static BackupSource source(Lab lab, String storeId) {
    URI pbs = lab.pbsUri(storeId);
    return new BackupSource(
        storeId,
        BackupSource.storageIdFor(storeId),
        pbs.getHost(),
        pbs.getPort(),
        "store",
        lab.fingerprint(storeId, "pbs"),
        lab.credentials(storeId).pbsTokenId());
  }

  /** The lab's Vault stand-in as a worker would be configured for it: address, token, short timeouts, the default mounts. */
  public static VaultSettings vaultSettings(Lab lab) {
    return VaultSettings.of(URI.create(lab.vaultAddress()), lab.vaultToken()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /** A Vault client of the lab's Vault, through the Vault Java driver. */
  public static VaultClient vault(Lab lab) {
    return VaultClient.open(vaultSettings(lab));
  }

  /** A stub of activities registered in {@code env}, tried once, as the lab tests call them. */
  public static <T> T onceStub(TestActivityEnvironment env, Class<T> activities) {
    return env.newActivityStub(activities, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static URI base(URI apiRoot) {
    return URI.create(apiRoot.getScheme() + "://" + apiRoot.getHost() + ":" + apiRoot.getPort());
  }

  /** A clock that stands still until moved, so a lab task runs exactly as long as a test wants. */
  public static final class ManualClock extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());

    public void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }
}
