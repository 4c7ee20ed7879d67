package dev.edgerunbooks.activities.staging;

import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabCredentials;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.lab.LabOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** How the activities see the lab's sites: endpoints and credentials as a site worker would hold them. */
public final class LabSites {
  public static final String STAGING = "staging-eu-central";
  public static final String STORE = "store-0001";
  public static final ClientSettings FAST =
      new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 0, Duration.ofMillis(20), 3);

  private LabSites() {}

  /**
   * Options for a lab of one store (and the four staging clusters) on free fixed ports. Fixed, not
   * random ({@code basePort 0}): with random ports the lab files a store's PBS under the port it
   * knew before its bind completed, sometimes 0, and a staging cluster then cannot add that PBS as
   * a storage.
   */
  public static LabOptions options() {
    return LabOptions.defaults().withStores(1).withBasePort(freeBasePort(5 * 4)).withAdminPort(0)
        .withAuthFailureDelay(Duration.ZERO);
  }

  /** The first of {@code count} consecutive ports that are free now. */
  static int freeBasePort(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 30_000 + ThreadLocalRandom.current().nextInt(25_000);
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int p = base; p < base + count; p++) {
          ServerSocket socket = new ServerSocket();
          held.add(socket);
          socket.setReuseAddress(true);
          socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), p));
        }
        return base;
      } catch (IOException taken) {
        // try another range
      } finally {
        for (ServerSocket socket : held) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // closing a probe socket
          }
        }
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports found");
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
