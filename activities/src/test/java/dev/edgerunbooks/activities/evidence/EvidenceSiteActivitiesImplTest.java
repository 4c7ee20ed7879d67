package dev.edgerunbooks.activities.evidence;

import static dev.edgerunbooks.activities.staging.LabSites.FAST;
import static dev.edgerunbooks.activities.staging.LabSites.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.evidence.EvidenceItem;
import dev.edgerunbooks.workflows.evidence.EvidenceSiteActivities;
import dev.edgerunbooks.workflows.evidence.StoreSnapshot;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A store's evidence collected from the lab's store-0001 through its PVE and PBS APIs. */
class EvidenceSiteActivitiesImplTest {
  static final String TOKEN_SECRET = "6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b";

  Lab lab;
  StoreClients clients;
  TestActivityEnvironment env;
  EvidenceSiteActivities site;

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options().withTimeScale(0.001));
    clients = new StoreClients(LabSites.store(lab, STORE), LabSites.credentials(lab), FAST);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new EvidenceSiteActivitiesImpl(clients, Clock.systemUTC()));
    site = LabSites.onceStub(env, EvidenceSiteActivities.class);
  }

  @AfterEach
  void stop() {
    env.close();
    lab.close();
  }

  static Map<String, JsonNode> items(StoreSnapshot snapshot) {
    return snapshot.items().stream()
        .collect(Collectors.toMap(EvidenceItem::id, i -> EvidenceHashes.parse(i.json())));
  }

  PveClient pve() {
    return clients.pve();
  }

  @Test
  void collectsEveryKindOfItemSortedAndCanonical() {
    StoreSnapshot snapshot = site.collect(STORE);

    List<String> ids = snapshot.items().stream().map(EvidenceItem::id).toList();
    assertThat(ids).isSorted();
    assertThat(ids).contains(
        "node/pve1/version", "node/pve2/version", "node/pve3/version",
        "node/pve1/certificate", "node/pve3/certificate",
        "guest/100/config", "guest/101/config", "guest/105/config",
        "storage/ceph-vm", "storage/local", "storage/pbs-store",
        "ceph/health", "backup/100", "backup/105", "bundle");
    for (EvidenceItem item : snapshot.items()) {
      assertThat(EvidenceHashes.canonical(EvidenceHashes.parse(item.json()))).as(item.id()).isEqualTo(item.json());
    }
    Map<String, JsonNode> items = items(snapshot);
    assertThat(items.get("node/pve1/version").path("pveversion").asText()).startsWith("pve-manager/9.1");
    assertThat(items.get("node/pve1/version").path("kversion").asText()).startsWith("Linux 6.17");
    assertThat(items.get("node/pve1/certificate").path("fingerprint").asText()).isEqualTo(lab.fingerprint(STORE, "pve1"));
    assertThat(items.get("node/pve1/certificate").has("notafter")).isTrue();
    assertThat(items.get("guest/101/config").path("memory").asText()).isEqualTo("8192");
    assertThat(items.get("guest/101/config").has("digest")).isFalse();
    assertThat(items.get("storage/pbs-store").path("type").asText()).isEqualTo("pbs");
    assertThat(items.get("storage/pbs-store").has("digest")).isFalse();
    assertThat(items.get("ceph/health").path("status").asText()).isEqualTo("HEALTH_OK");
    assertThat(items.get("ceph/health").toString()).doesNotContain("bytes", "pgs");
    assertThat(items.get("backup/101").path("datastore").asText()).isEqualTo("store");
    assertThat(items.get("backup/101").path("newest").asText()).endsWith("Z");
    assertThat(items.get("backup/101").path("verify").asText()).isEqualTo("none"); // the lab's newest is not verified yet
  }

  /**
   * The firewall routes are new in the lab: until it serves them, each firewall item is a gap that
   * names it; once it does, they are items. Either way nothing fails.
   */
  @Test
  void firewallItemsAreReadOrNamedAsGaps() {
    StoreSnapshot snapshot = site.collect(STORE);

    Map<String, JsonNode> items = items(snapshot);
    for (String id : List.of("firewall/cluster/options", "firewall/cluster/rules", "guest/101/firewall", "guest/100/firewall")) {
      boolean gap = snapshot.gaps().stream().anyMatch(g -> g.startsWith(id + ": not readable: "));
      assertThat(items.containsKey(id) || gap).as(id + " is an item or a gap").isTrue();
      assertThat(items.containsKey(id) && gap).as(id + " is not both").isFalse();
    }
    if (items.containsKey("firewall/cluster/rules")) {
      assertThat(items.get("firewall/cluster/rules").path("rules").isArray()).isTrue();
      assertThat(items.get("guest/101/firewall").has("options")).isTrue();
    } else {
      assertThat(snapshot.gaps()).anyMatch(g -> g.startsWith("firewall/cluster/rules: not readable: ") && g.contains("501"));
    }
  }

  @Test
  void nothingChangesFromOneCollectionToTheNextWhenTheStoreDoesNot() throws Exception {
    StoreSnapshot first = site.collect(STORE);
    Thread.sleep(1100); // uptimes and counters move on in the lab; none of them may show
    StoreSnapshot second = site.collect(STORE);

    assertThat(second.items()).isEqualTo(first.items());
    assertThat(second.gaps()).isEqualTo(first.gaps());
  }

  @Test
  void aTokenAndAPasswordInAGuestsDescriptionNeverReachAnyItem() {
    String description = "POS tokenization VM. Admin login: password=Hunter2-Summer! ; CI uses "
        + "PVEAPIToken=ci@pve!deploy=" + TOKEN_SECRET + " and ops@pve!backup=" + TOKEN_SECRET.replace('6', '7')
        + ". Contact jane.doe@shop.example.com";
    pve().updateGuestConfig("pve1", "qemu", 101, Map.of("description", description, "cipassword", "Cloud-Init-Pw9"), null);

    StoreSnapshot snapshot = site.collect(STORE);

    for (EvidenceItem item : snapshot.items()) {
      assertThat(item.json()).as(item.id())
          .doesNotContain("Hunter2", TOKEN_SECRET, TOKEN_SECRET.replace('6', '7'), "Cloud-Init-Pw9", "jane.doe");
    }
    assertThat(String.join("\n", snapshot.gaps())).doesNotContain("Hunter2", TOKEN_SECRET);
    JsonNode config = items(snapshot).get("guest/101/config");
    assertThat(config.path("description").asText())
        .startsWith("POS tokenization VM. Admin login: password=[redacted]")
        .contains("PVEAPIToken=[redacted]");
    assertThat(config.path("cipassword").asText()).isEqualTo("[redacted]");
  }

  @Test
  void theBundleItemMapsGuestsToTheVersionOfTheirBundleTag() {
    assertThat(items(site.collect(STORE)).get("bundle").toString())
        .isEqualTo("{\"100\":\"2026.11.0\",\"101\":\"2026.11.0\",\"102\":\"2026.11.0\",\"103\":\"2026.11.0\","
            + "\"104\":\"2026.11.0\",\"105\":\"2026.11.0\"}");

    lab.faults(STORE).bundleVersion("2026.12.1");
    pve().updateGuestConfig("pve1", "lxc", 100, Map.of("tags", "dns"), null);
    JsonNode bundle = items(site.collect(STORE)).get("bundle");

    assertThat(bundle.path("101").asText()).isEqualTo("2026.12.1");
    assertThat(bundle.path("105").asText()).isEqualTo("2026.12.1");
    assertThat(bundle.has("100")).as("a guest without a bundle tag").isFalse();
  }

  @Test
  void anOfflineNodeIsAGapNotAFailure() {
    lab.faults(STORE).nodeOffline("pve2", true);

    StoreSnapshot snapshot = site.collect(STORE);

    Map<String, JsonNode> items = items(snapshot);
    assertThat(items).containsKeys("node/pve1/version", "node/pve3/version", "guest/101/config", "guest/104/config");
    assertThat(items).doesNotContainKeys("node/pve2/version", "node/pve2/certificate", "guest/102/config", "guest/103/config");
    assertThat(snapshot.gaps())
        .anyMatch(g -> g.startsWith("node/pve2/version: not readable: "))
        .anyMatch(g -> g.startsWith("guest/102/config: not readable: "));
  }

  @Test
  void aStoreOfWhichNothingCanBeReadFails() {
    lab.faults(STORE).unreachable(true);

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> site.collect(STORE));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureTypes.STORE_UNREACHABLE);
    assertThat(cause.getOriginalMessage()).startsWith("nothing of store " + STORE + " could be read: ");
  }

  @Test
  void anotherStoreIsRefused() {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> site.collect("store-0002"));

    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo(FailureTypes.UNKNOWN_STORE);
  }
}
