package dev.edgerunbooks.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.activities.backupverify.ScriptedApi;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.TlsServer;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.workflows.evidence.EvidenceItem;
import dev.edgerunbooks.workflows.evidence.EvidenceSiteActivities;
import dev.edgerunbooks.workflows.evidence.StoreSnapshot;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PVE without the firewall routes (an older version; the lab before it had them) answers 501:
 * each firewall item becomes a gap naming it, everything else is collected.
 */
class EvidenceSiteGapsTest {
  static final String API = "/api2/json";

  TlsServer pve1;
  final ScriptedApi api = new ScriptedApi();
  TestActivityEnvironment env;
  EvidenceSiteActivities site;

  static String data(String json) {
    return "{\"data\":" + json + "}";
  }

  @BeforeEach
  void start() throws Exception {
    pve1 = new TlsServer("pve1");
    pve1.server.setDispatcher(api);
    api.on("GET " + API + "/cluster/status", data("[{\"type\":\"cluster\",\"name\":\"s9\"},{\"type\":\"node\",\"name\":\"pve1\",\"online\":1}]"));
    api.on("GET " + API + "/nodes/pve1/status", data("{\"uptime\":123,\"cpu\":0.1,\"pveversion\":\"pve-manager/8.4.1/2a5fa54a\","
        + "\"kversion\":\"Linux 6.8.12-9-pve #1 SMP\"}"));
    api.on("GET " + API + "/nodes/pve1/certificates/info", data("[{\"filename\":\"pve-ssl.pem\",\"fingerprint\":\"AA:BB\","
        + "\"notafter\":1900000000,\"subject\":\"/CN=pve1\",\"san\":[\"pve1\"]},{\"filename\":\"pveproxy-ssl.pem\","
        + "\"fingerprint\":\"CC:DD\",\"notafter\":1800000000,\"subject\":\"/CN=pve1.store.example\",\"san\":[\"pve1.store.example\"]}]"));
    api.on("GET " + API + "/storage", data("[{\"storage\":\"local\",\"type\":\"dir\",\"path\":\"/var/lib/vz\",\"digest\":\"d1\"}]"));
    api.on("GET " + API + "/cluster/ceph/status", data("{\"health\":{\"status\":\"HEALTH_WARN\",\"checks\":{\"OSD_DOWN\":"
        + "{\"severity\":\"HEALTH_WARN\",\"summary\":{\"message\":\"1 osds down\"}}}},\"pgmap\":{\"bytes_used\":123}}"));
    api.on("GET " + API + "/cluster/resources?type=vm", data("[{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,"
        + "\"name\":\"pos\",\"node\":\"pve1\",\"status\":\"running\",\"uptime\":55,\"tags\":\"pos\"}]"));
    api.on("GET " + API + "/nodes/pve1/qemu/100/config", data("{\"name\":\"pos\",\"memory\":2048,\"tags\":\"pos;bundle-2026.11.0\","
        + "\"digest\":\"abc\",\"lock\":\"backup\"}"));
    StoreEndpoints endpoints = new StoreEndpoints("s009",
        List.of(new NodeEndpoint("pve1", pve1.endpoint(), pve1.fingerprint())), null, "edgerun@pve!runbooks", null);
    ClientSettings settings = new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(10), 3);
    StoreClients clients = new StoreClients(endpoints, id -> new StoreCredentials("pve-secret", null), settings);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new EvidenceSiteActivitiesImpl(clients,
        Clock.fixed(Instant.parse("2026-11-24T01:00:00Z"), ZoneOffset.UTC)));
    site = env.newActivityStub(EvidenceSiteActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    pve1.close();
  }

  @Test
  void missingFirewallRoutesAndNoPbsAreGapsAndTheRestIsCollected() {
    StoreSnapshot snapshot = site.collect("s009");

    assertThat(snapshot.collectedAt()).isEqualTo(Instant.parse("2026-11-24T01:00:00Z"));
    assertThat(snapshot.items()).extracting(EvidenceItem::id).containsExactly(
        "bundle", "ceph/health", "guest/100/config", "node/pve1/certificate", "node/pve1/version", "storage/local");
    assertThat(snapshot.items()).extracting(EvidenceItem::json).containsExactly(
        "{\"100\":\"2026.11.0\"}",
        "{\"checks\":[\"OSD_DOWN\"],\"status\":\"HEALTH_WARN\"}",
        "{\"memory\":\"2048\",\"name\":\"pos\",\"tags\":\"pos;bundle-2026.11.0\"}",
        "{\"filename\":\"pveproxy-ssl.pem\",\"fingerprint\":\"CC:DD\",\"notafter\":1800000000,\"san\":[\"pve1.store.example\"],"
            + "\"subject\":\"/CN=pve1.store.example\"}",
        "{\"kversion\":\"Linux 6.8.12-9-pve #1 SMP\",\"pveversion\":\"pve-manager/8.4.1/2a5fa54a\"}",
        "{\"path\":\"/var/lib/vz\",\"storage\":\"local\",\"type\":\"dir\"}");
    assertThat(snapshot.gaps()).hasSize(4);
    assertThat(snapshot.gaps().get(0)).startsWith("backup/*: not readable: store s009 has no PBS");
    assertThat(snapshot.gaps().get(1)).startsWith("firewall/cluster/options: not readable: ").contains("HTTP 501");
    assertThat(snapshot.gaps().get(2)).startsWith("firewall/cluster/rules: not readable: ").contains("HTTP 501");
    assertThat(snapshot.gaps().get(3)).startsWith("guest/100/firewall: not readable: ").contains("HTTP 501");
  }
}
