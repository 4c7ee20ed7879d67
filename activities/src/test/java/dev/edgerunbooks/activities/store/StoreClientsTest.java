package dev.edgerunbooks.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.TlsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreClientsTest {
  @TempDir Path dir;

  @Test
  void aRotatedTokenIsUsedByTheNextClientWithoutARestart() throws Exception {
    try (TlsServer pve = new TlsServer("pve1"); TlsServer pbs = new TlsServer("pbs1")) {
      Path file = dir.resolve("s001.properties");
      Files.writeString(file, "pve.token.secret=old\npbs.token.secret=pbs-old\n");
      StoreClients clients = new StoreClients(
          new StoreEndpoints("s001", List.of(new NodeEndpoint("pve1", pve.endpoint(), pve.fingerprint())),
              new PbsEndpoint(pbs.endpoint(), pbs.fingerprint(), "store1", "pbs-store1", null),
              "edgerun@pve!runbooks", "edgerun@pbs!runbooks"),
          new CredentialsDirectory(dir), ClientSettings.defaults());
      pve.enqueue(200, "{\"data\":[]}");
      pve.enqueue(200, "{\"data\":[]}");
      pbs.enqueue(200, "{\"data\":[]}");

      clients.pve().clusterStatus();
      Files.writeString(file, "pve.token.secret=new\npbs.token.secret=pbs-new\n");
      clients.pve().clusterStatus();
      clients.pbs().datastores();

      assertThat(pve.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("PVEAPIToken=edgerun@pve!runbooks=old");
      assertThat(pve.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("PVEAPIToken=edgerun@pve!runbooks=new");
      assertThat(pbs.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("PBSAPIToken=edgerun@pbs!runbooks:pbs-new");
      assertThat(clients.toString()).doesNotContain("new").doesNotContain("old");
    }
  }
}
