package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgerunbooks.activities.certs.Pebble;
import dev.edgerunbooks.activities.proxmox.CertificateInfo;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.workers.site.SiteEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Certificate rotation through a real ACME CA: Debian's pebble, validating DNS-01 for real against
 * pebble-challtestsrv, which the challenge hook sets as an operator's hook would set their DNS.
 * Skipped without pebble, and failed under CI (which installs it).
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
class CertRotationPebbleTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final Path RUNBOOKS = EndToEnd.runbooksCopy();
  private static final Pebble PEBBLE = Pebble.binary("pebble").isPresent() && Pebble.binary("pebble-challtestsrv").isPresent()
      ? Pebble.start() : null;

  @BeforeAll
  static void pebbleInstalled() {
    Pebble.assumeInstalled();
  }

  @AfterAll
  static void stopPebble() {
    if (PEBBLE != null) PEBBLE.close();
  }

  @DynamicPropertySource
  static void embeddedWithAcme(DynamicPropertyRegistry registry) throws IOException {
    E2E.embeddedOnFreePorts(registry, 1, RUNBOOKS, 0);
    if (PEBBLE == null) return;
    EndToEnd.edit(RUNBOOKS.resolve("rotation.yaml"), "  issuer: vault-pki",
        String.join("\n", "  issuer: acme", "  acme:", "    directory: " + PEBBLE.directory(),
            "    contact: mailto:ops@example.com", "    challenge: dns-01"));
    Path ca = E2E.data.resolve("pebble-ca.pem");
    Files.writeString(ca, PEBBLE.tlsCaPem());
    registry.add("edge.acme.ca-file", ca::toString);
    registry.add("edge.acme.challenge-command", () -> String.join(",", PEBBLE.dnsHook()));
  }

  @Autowired Lab lab;
  @Autowired FleetDefinition fleet;
  @Autowired CredentialSource credentials;
  @Autowired VaultPorts vault;

  private StoreClients clients(PinSource pins) {
    return new StoreClients(SiteEndpoints.of(fleet, fleet.store("store-0001").orElseThrow()), credentials, pins, ClientSettings.defaults());
  }

  @Test
  void aNodesCertificateIsRenewedByTheAcmeCaDeployedVerifiedByHandshakeAndPinned() {
    Map<String, String> before = new LinkedHashMap<>();
    for (String node : List.of("pve1", "pve2", "pve3")) before.put(node, lab.fingerprint("store-0001", node));

    int exit = E2E.edgerun("run", "cert-rotation", "--stores", "store-0001", "--wait", "--json");

    assertThat(exit).as(E2E.out + "\n" + E2E.err + "\n" + PEBBLE.log()).isZero();
    JsonNode summary = E2E.outJson();
    ((ObjectNode) summary).put("exit", exit);
    RotationEndToEndTest.assertRenewedServedAndPinned(summary, "store-0001", before, lab, vault, clients(vault.pins()),
        clients(PinSource.FLEET));
    // the node's certificate is pebble's, for the node's name
    CertificateInfo served = CertificateInfo.served(clients(vault.pins()).pve().certificates("pve2"));
    assertThat(served.issuer()).contains("Pebble Intermediate");
    assertThat(served.san()).contains("pve2.store-0001.lab");
  }
}
