package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabCredentials;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.workers.site.SiteEndpoints;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Certificate and token rotation in the embedded product: the lab's nodes, its Vault stand-in (KV v2
 * for tokens, pins and certificates, PKI as the issuer), the CLI, the histories.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RotationEndToEndTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final Path RUNBOOKS = EndToEnd.runbooksCopy();
  private static final List<String> NODES = List.of("pve1", "pve2", "pve3");
  /** Every run's workflow ids, whose histories the last test reads. */
  private static final List<String> RUNS = new ArrayList<>();

  @DynamicPropertySource
  static void embeddedOnFreePorts(DynamicPropertyRegistry registry) {
    E2E.embeddedOnFreePorts(registry, 3, RUNBOOKS, 0);
  }

  @Autowired Lab lab;
  @Autowired WorkflowClient client;
  @Autowired AuditBucket bucket;
  @Autowired FleetDefinition fleet;
  @Autowired CredentialSource credentials;
  @Autowired VaultPorts vault;

  private JsonNode run(String... args) {
    int exit = E2E.edgerun(args);
    assertThat(E2E.out.toString()).as("stdout of edgerun %s (exit %d), stderr: %s", String.join(" ", args), exit, E2E.err).isNotBlank();
    JsonNode summary = E2E.outJson();
    RUNS.add(summary.path("runId").asText());
    summary.path("stores").forEach(s -> RUNS.add(summary.path("runId").asText() + "/" + s.path("storeId").asText()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) summary).put("exit", exit);
    return summary;
  }

  static Map<String, JsonNode> nodes(JsonNode summary, String store) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    for (JsonNode s : summary.path("stores")) {
      if (s.path("storeId").asText().equals(store)) s.path("nodes").forEach(n -> nodes.put(n.path("node").asText(), n));
    }
    return nodes;
  }

  private StoreClients clients(String store, PinSource pins) {
    return new StoreClients(SiteEndpoints.of(fleet, fleet.store(store).orElseThrow()), credentials, pins, ClientSettings.defaults());
  }

  private VaultClient vaultClient() {
    return vault.client().orElseThrow();
  }

  @Test
  @Order(1)
  void renewsEveryNodeVerifiesItByHandshakeAndMovesThePinSoTheOldPinIsRefused() throws Exception {
    Map<String, String> before = new LinkedHashMap<>();
    NODES.forEach(n -> before.put(n, lab.fingerprint("store-0001", n)));

    JsonNode summary = run("run", "cert-rotation", "--stores", "store-0001", "--wait", "--json");

    assertRenewedServedAndPinned(summary, "store-0001", before, lab, vault, clients("store-0001", vault.pins()),
        clients("store-0001", PinSource.FLEET));
    // the report and the expiry metric
    String report = summary.path("reportKey").asText();
    assertThat(new String(bucket.getBytes(report).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8)).contains("store-0001", "RENEWED");
    String metrics = Files.readString(E2E.data.resolve("metrics/edge_certificates.prom"));
    assertThat(metrics).contains("edge_certificate_expiry_seconds{store=\"store-0001\",node=\"pve1\"}");
    assertThat(metrics).contains("edge_certificate_rotation_failed{store=\"store-0001\",node=\"pve2\"} 0");

    // a second check finds nothing due and changes nothing
    JsonNode again = run("run", "cert-rotation", "--stores", "store-0001", "--dry-run", "--json");
    nodes(again, "store-0001").values().forEach(n -> assertThat(n.path("outcome").asText()).isEqualTo("NOT_DUE"));
  }

  /**
   * Every node of the store was renewed: the summary says so, the node serves the new certificate in
   * a handshake, Vault's pin is it alone, the next API call with Vault's pins succeeds, and a client
   * still pinned to the old fingerprints is refused.
   */
  static void assertRenewedServedAndPinned(JsonNode summary, String store, Map<String, String> before, Lab lab, VaultPorts vault,
      StoreClients withVaultPins, StoreClients withOldPins) {
    assertThat(summary.path("exit").asInt()).as(summary.toString()).isZero();
    Map<String, JsonNode> nodes = nodes(summary, store);
    assertThat(nodes.keySet()).containsExactlyElementsOf(before.keySet());
    VaultClient client = vault.client().orElseThrow();
    for (String node : before.keySet()) {
      JsonNode n = nodes.get(node);
      assertThat(n.path("outcome").asText()).as(node + ": " + n).isEqualTo("RENEWED");
      String served = n.path("servedFingerprint").asText();
      assertThat(served).isNotEqualTo(before.get(node));
      assertThat(lab.fingerprint(store, node)).isEqualTo(served);
      Map<String, String> pins = client.read(client.paths().pins(store, node)).orElseThrow();
      assertThat(pins).containsEntry("current", served).doesNotContainKey("next");
    }
    assertThat(withVaultPins.pve().clusterResources("node")).hasSize(before.size());
    String first = before.keySet().iterator().next();
    assertThatThrownBy(() -> withOldPins.pveOn(first).clusterResources("node"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.TLS_PIN_MISMATCH));
  }

  @Test
  @Order(2)
  void aNodeThatServesABrokenCertificateAfterTheUploadGetsItsPreviousOneBack() throws Exception {
    String old = lab.fingerprint("store-0002", "pve2");
    lab.faults("store-0002").brokenCertificateAfterUpload("pve2", true);

    JsonNode summary = run("run", "cert-rotation", "--stores", "store-0002", "--wait", "--json");

    assertThat(summary.path("exit").asInt()).isEqualTo(1);
    JsonNode pve2 = nodes(summary, "store-0002").get("pve2");
    assertThat(pve2.path("outcome").asText()).isEqualTo("RESTORED");
    assertThat(pve2.path("detail").asText()).contains("instead of the new certificate", "previous certificate is served again");
    assertThat(lab.fingerprint("store-0002", "pve2")).isEqualTo(old);
    assertThat(nodes(summary, "store-0002").get("pve1").path("outcome").asText()).isEqualTo("RENEWED");
    // its clients still trust it: Vault's pins hold only the old fingerprint
    assertThat(clients("store-0002", vault.pins()).pveOn("pve2").clusterResources("node")).hasSize(3);
    String metrics = Files.readString(E2E.data.resolve("metrics/edge_certificates.prom"));
    assertThat(metrics).contains("edge_certificate_rotation_failed{store=\"store-0002\",node=\"pve2\"} 1");
  }

  @Test
  @Order(3)
  void aTokenRotationLeavesExactlyTheNewTokenPerAccountAndTheWorkersUseIt() {
    LabCredentials initial = lab.credentials("store-0003");

    JsonNode summary = run("run", "token-rotation", "--stores", "store-0003", "--wait", "--json");

    assertThat(summary.path("exit").asInt()).as(E2E.out.toString()).isZero();
    JsonNode accounts = summary.path("stores").get(0).path("accounts");
    assertThat(accounts).hasSize(2);
    for (JsonNode a : accounts) {
      assertThat(a.path("outcome").asText()).as(a.toString()).isEqualTo("ROTATED");
      String user = a.path("account").asText().equals("PVE") ? "edgerun@pve" : "edgerun@pbs";
      var registry = a.path("account").asText().equals("PVE") ? lab.tokens("store-0003").pve() : lab.tokens("store-0003").pbs();
      assertThat(registry.validTokens(user)).containsExactly(a.path("tokenId").asText());
    }
    // the old secrets are refused; the workers' credentials are the new token
    StoreClients oldToken = clients("store-0003", vault.pins());
    assertThatThrownBy(() -> oldToken.pveWithToken(initial.pveTokenId(), initial.pveSecret()).clusterResources("node"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(FailureTypes.AUTH_FAILED));
    assertThat(credentials.forStore("store-0003").pveTokenSecret()).isNotEqualTo(initial.pveSecret());
    // and the site worker works with it: a backup verification of the store goes through PVE and PBS
    int exit = E2E.edgerun("run", "backup-verify", "--stores", "store-0003", "--wait");
    assertThat(exit).as(E2E.out + "\n" + E2E.err).isZero();
  }

  @Test
  @Order(4)
  void noSecretOrPrivateKeyIsInAnyHistory() {
    List<String> secrets = new ArrayList<>();
    for (String store : List.of("store-0001", "store-0002", "store-0003")) {
      LabCredentials c = lab.credentials(store);
      secrets.add(c.pveSecret());
      secrets.add(c.pbsSecret());
      for (ApiAccount account : ApiAccount.values()) {
        vaultClient().read(vaultClient().paths().token(store, account)).ifPresent(t -> secrets.add(t.get("secret")));
      }
      for (String node : NODES) {
        vaultClient().read(vaultClient().paths().certificate(store, node)).ifPresent(c2 -> secrets.add(keyBody(c2.get("key"))));
      }
    }
    assertThat(RUNS).isNotEmpty();
    assertThat(secrets).doesNotContainNull().hasSizeGreaterThan(6);
    for (String id : RUNS) {
      String history = client.fetchHistory(id).toJson(false);
      assertThat(history).as(id).doesNotContain("PRIVATE KEY");
      for (String secret : secrets) {
        assertThat(history).as(id).doesNotContain(secret);
      }
    }
  }

  /** A line of the key's base64 body: it would show in a history even if the PEM armour did not. */
  private static String keyBody(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
  }
}
