package dev.edgerunbooks.workers;

import static dev.edgerunbooks.workers.EndToEnd.jsonObject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.Guest;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Three nights of audit evidence end to end: the CLI starts each night on the embedded Temporal
 * server, every store's site worker collects it through the lab's PVE/PBS APIs and strips its
 * secrets, the central worker writes the items, the signed hash-chained day's file and the drift
 * report to S3Proxy; then {@code edgerun evidence verify|show} read the bucket folder as an auditor
 * would, and catch one byte changed in an item.
 */
@SpringBootTest(classes = EdgeRunbooksApplication.class)
@ActiveProfiles("embedded")
class EvidenceEndToEndTest {
  private static final EndToEnd E2E = new EndToEnd();
  private static final String PASSWORD = "Hunter2-secret";
  private static final String TOKEN_SECRET = "4b2c7d9e-1f3a-4c5b-9d8e-7a6b5c4d3e2f";
  private static final String DESCRIPTION = "admin password=" + PASSWORD + " token edgerun@pve!ci=" + TOKEN_SECRET;
  private static final List<String> NIGHTS = List.of("2026-11-22", "2026-11-23", "2026-11-24");

  @DynamicPropertySource
  static void embeddedOnFreePorts(DynamicPropertyRegistry registry) {
    registry.add("edge.embedded.temporal-port", () -> E2E.temporalPort);
    registry.add("edge.embedded.s3-port", () -> 0);
    registry.add("edge.embedded.lab-base-port", () -> 0);
    registry.add("edge.embedded.lab-admin-port", () -> 0);
    registry.add("edge.embedded.lab-time-scale", () -> 0);
    registry.add("edge.embedded.data-dir", E2E.data::toString);
    registry.add("edge.runbooks-dir", () -> "../runbooks");
    registry.add("edge.client.task-poll-interval", () -> "200ms");
  }

  @Autowired S3Client s3;
  @Autowired FleetDefinition fleet;
  @Autowired CredentialSource credentials;
  @Autowired WorkflowClient client;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void threeNightsChainVerifyShowDriftNoSecretsAndATamperedItemIsNamed() throws Exception {
    PveClient store1 = pve("store-0001");
    Guest described = firstQemu(store1);
    store1.updateGuestConfig(described.node(), "qemu", described.vmid(), Map.of("description", DESCRIPTION), null);
    assertThat(store1.guestConfig(described.node(), "qemu", described.vmid()).get("description")).contains(PASSWORD);

    PveClient store3 = pve("store-0003");
    Guest changed = firstQemu(store3);
    String configItem = "guest/" + changed.vmid() + "/config";
    int memory = Integer.parseInt(store3.guestConfig(changed.node(), "qemu", changed.vmid()).get("memory"));

    // a) three nights, the guest's memory changed between the second and the third
    for (String night : NIGHTS) {
      if (night.equals("2026-11-24")) {
        store3.updateGuestConfig(changed.node(), "qemu", changed.vmid(), Map.of("memory", memory * 2), null);
      }
      assertThat(E2E.edgerun("run", "evidence", "--date", night, "--wait", "--json")).as(night + ": " + E2E.err).isZero();
      JsonNode summary = E2E.outJson();
      assertThat(summary.toString()).as(night).contains("audit/edge/" + night + ".json");
    }
    assertThat(E2E.edgerun("run", "evidence", "--date", "2026-11-24", "--wait")).as(E2E.out.toString()).isEqualTo(2);
    assertThat(E2E.err.toString()).contains("2026-11-24");

    // b) the chain verifies from the bucket folder and the embedded signing key
    assertThat(E2E.edgerunOffline("evidence", "verify", "--data-dir", E2E.data.toString(), "--json"))
        .as(E2E.out + "\n" + E2E.err).isZero();
    JsonNode verified = E2E.outJson();
    assertThat(verified.get("daysChecked")).as(verified.toString()).hasSize(3);
    assertThat(verified.get("problems")).isEmpty();

    // c) the drift of the third night names the changed config, the second's does not
    JsonNode drift24 = jsonObject(s3, "audit/edge/drift/2026-11-24.json");
    JsonNode store3Drift = storeDrift(drift24, "store-0003");
    assertThat(store3Drift).as(drift24.toString()).isNotNull();
    JsonNode item = null;
    for (JsonNode c : store3Drift.get("changed")) {
      if (c.get("id").asText().equals(configItem)) {
        item = c;
      }
    }
    assertThat(item).as(store3Drift.toString()).isNotNull();
    assertThat(item.toString()).contains("\"field\":\"memory\"").contains(Integer.toString(memory * 2));
    assertThat(new String(EndToEnd.object(s3, "audit/edge/drift/2026-11-24.md"), StandardCharsets.UTF_8))
        .contains("store-0003: " + configItem + " memory " + memory + " -> " + memory * 2);
    JsonNode drift23 = jsonObject(s3, "audit/edge/drift/2026-11-23.json");
    JsonNode store3Before = storeDrift(drift23, "store-0003");
    assertThat(store3Before == null || !store3Before.toString().contains(configItem)).as(drift23.toString()).isTrue();

    // d) no secret in any object under audit/edge/ nor in any evidence history
    List<String> keys = keys("audit/edge/");
    assertThat(keys).contains("audit/edge/items/2026-11-22/store-0001.json", "audit/edge/2026-11-24.json");
    for (String key : keys) {
      String text = new String(EndToEnd.object(s3, key), StandardCharsets.UTF_8);
      assertThat(text).as(key).doesNotContain(PASSWORD).doesNotContain(TOKEN_SECRET);
    }
    String store1Items = new String(EndToEnd.object(s3, "audit/edge/items/2026-11-22/store-0001.json"), StandardCharsets.UTF_8);
    assertThat(store1Items).as("the redacted description is still recorded").contains("guest/" + described.vmid() + "/config");
    for (String night : NIGHTS) {
      List<String> ids = new ArrayList<>(List.of("evidence/" + night));
      fleet.stores().forEach(s -> ids.add("evidence/" + night + "/" + s.id()));
      for (String id : ids) {
        WorkflowExecutionHistory history = client.fetchHistory(id);
        String json = history.toJson(false);
        // payloads are base64 in the JSON: their text is read from the events themselves as well
        StringBuilder payloads = new StringBuilder();
        for (HistoryEvent event : history.getEvents()) {
          payloads.append(event.toString());
        }
        assertThat(json).as(id).doesNotContain(PASSWORD).doesNotContain(TOKEN_SECRET);
        assertThat(payloads.toString()).as(id).doesNotContain(PASSWORD).doesNotContain(TOKEN_SECRET);
        if (id.equals("evidence/" + night + "/store-0001")) {
          assertThat(payloads.toString()).as("the collected items are readable in " + id)
              .contains("guest/" + described.vmid() + "/config");
        }
      }
    }

    // f) show, before any tampering
    assertThat(E2E.edgerunOffline("evidence", "show", "store-0003", "--date", "2026-11-24", "--data-dir", E2E.data.toString()))
        .as(E2E.out + "\n" + E2E.err).isZero();
    assertThat(E2E.out.toString()).contains("store-0003 on 2026-11-24").contains(configItem)
        .contains("\"memory\":\"" + memory * 2 + "\"");

    // e) one byte changed inside an item's data is named by verify
    String itemsKey = "audit/edge/items/2026-11-23/store-0001.json";
    String tamperedItem = "ceph/health";
    String text = new String(EndToEnd.object(s3, itemsKey), StandardCharsets.UTF_8);
    JsonNode itemData = null;
    for (JsonNode i : EndToEnd.JSON.readTree(text).get("items")) {
      if (i.get("id").asText().equals(tamperedItem)) {
        itemData = i.get("data");
      }
    }
    assertThat(itemData).as(text).isNotNull();
    String dataText = itemData.toString();
    int data = text.indexOf(dataText);
    assertThat(data).as("the item's data once in " + text).isNotNegative().isEqualTo(text.lastIndexOf(dataText));
    int letter = data;
    while (!Character.isLowerCase(text.charAt(letter))) {
      letter++;
    }
    char was = text.charAt(letter);
    String tampered = text.substring(0, letter) + (was == 'a' ? 'b' : 'a') + text.substring(letter + 1);
    s3.putObject(PutObjectRequest.builder().bucket("edge-audit").key(itemsKey).contentType("application/json").build(),
        RequestBody.fromString(tampered, StandardCharsets.UTF_8));

    assertThat(E2E.edgerunOffline("evidence", "verify", "--data-dir", E2E.data.toString())).as(E2E.out + "\n" + E2E.err).isEqualTo(1);
    assertThat(E2E.out.toString())
        .contains("2026-11-23")
        .containsPattern("item " + Pattern.quote(tamperedItem) + " of store-0001 does not match");
  }

  private PveClient pve(String storeId) {
    StoreDefinition store = fleet.store(storeId).orElseThrow();
    StoreEndpoints endpoints = new StoreEndpoints(
        storeId,
        store.cluster().nodes().stream().map(n -> new NodeEndpoint(n.name(), n.endpoint(), n.fingerprint())).toList(),
        null,
        fleet.defaults().pveTokenId().value(),
        null);
    return new StoreClients(endpoints, credentials, ClientSettings.defaults()).pve();
  }

  private static Guest firstQemu(PveClient pve) {
    return pve.clusterGuests().stream().filter(g -> g.type().equals("qemu")).findFirst().orElseThrow();
  }

  private static JsonNode storeDrift(JsonNode drift, String store) {
    for (JsonNode s : drift.path("stores")) {
      if (s.path("store").asText().equals(store)) {
        return s;
      }
    }
    return null;
  }

  private List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket("edge-audit").prefix(prefix).build())
        .contents().stream().map(S3Object::key).forEach(keys::add);
    return keys;
  }
}
