package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabApiTest {
    static final Pattern PVE_UPID = Pattern.compile("^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");
    static final Pattern PBS_UPID = Pattern.compile("^UPID:([a-zA-Z0-9\\-]+):([0-9A-F]{8}):([0-9A-F]{8,9}):([0-9A-F]{8,16}):([0-9A-F]{8}):([^:\\s]+):([^:\\s]*):([^:\\s]+):$");
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    static Lab lab;
    static LabClient client;

    @BeforeAll
    static void start() {
        lab = Lab.start(LabOptions.defaults().withStores(6).withBasePort(0).withAdminPort(0).withTimeScale(0)
                .withAuthFailureDelay(Duration.ZERO).withClock(CLOCK));
        client = new LabClient(pins(lab));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static Set<String> pins(Lab lab) {
        Set<String> pins = new HashSet<>();
        for (String s : lab.storeIds()) {
            for (String n : Lab.PVE_NODES) pins.add(lab.fingerprint(s, n));
            pins.add(lab.fingerprint(s, "pbs"));
        }
        for (String s : lab.stagingIds()) for (String n : Lab.STAGING_NODES) pins.add(lab.fingerprint(s, n));
        return pins;
    }

    static URI pve(String store, String node) { return lab.pveUri(store, node); }

    static String pveAuth(String store) { return lab.credentials(store).pveAuthorization(); }

    static String pbsAuth(String store) { return lab.credentials(store).pbsAuthorization(); }

    LabClient.Resp get(String store, String path) throws Exception {
        return client.call("GET", pve(store, "pve1"), path, pveAuth(store), null);
    }

    @Test
    void tokenAuthAcceptedAndRefused() throws Exception {
        assertThat(get("store-0001", "/version").status()).isEqualTo(200);
        LabClient.Resp wrong = client.call("GET", pve("store-0001", "pve1"), "/version", pveAuth("store-0002"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).isEmpty();
        assertThat(client.call("GET", pve("store-0001", "pve1"), "/version", null, null).status()).isEqualTo(401);
        // PBS: colon separator; the PVE form is refused
        assertThat(client.call("GET", lab.pbsUri("store-0001"), "/version", pbsAuth("store-0001"), null).status()).isEqualTo(200);
        String pveStyle = "PBSAPIToken=" + lab.credentials("store-0001").pbsTokenId() + "=" + lab.credentials("store-0001").pbsSecret();
        LabClient.Resp pbs401 = client.call("GET", lab.pbsUri("store-0001"), "/version", pveStyle, null);
        assertThat(pbs401.status()).isEqualTo(401);
        assertThat(pbs401.json().isTextual()).isTrue();
    }

    @Test
    void envelopesAndErrors() throws Exception {
        LabClient.Resp status = get("store-0001", "/cluster/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.data().isArray()).isTrue();
        assertThat(status.data().get(1).get("online").isInt()).isTrue();

        LabClient.Resp vms = get("store-0001", "/nodes/pve1/qemu");
        assertThat(vms.data()).hasSize(1);
        assertThat(vms.data().get(0).get("vmid").isInt()).isTrue();

        LabClient.Resp missing = client.call("POST", pve("store-0001", "pve1"), "/nodes/pve1/qemu/101/snapshot", pveAuth("store-0001"), Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("data").isNull()).isTrue();
        assertThat(missing.json().get("message").asText()).isEqualTo("Parameter verification failed.\n");
        assertThat(missing.json().get("errors").has("snapname")).isTrue();

        LabClient.Resp bad = client.call("POST", pve("store-0001", "pve1"), "/nodes/pve1/qemu/101/snapshot", pveAuth("store-0001"), Map.of("snapname", "1bad"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get("snapname").asText()).contains("invalid format");

        LabClient.Resp unknown = get("store-0001", "/nodes/pve1/nonsense");
        assertThat(unknown.status()).isEqualTo(501);
        assertThat(unknown.json().get("message").asText()).isEqualTo("Method 'GET /nodes/pve1/nonsense' not implemented\n");

        LabClient.Resp notRunning = client.call("POST", pve("store-0001", "pve1"), "/nodes/pve1/lxc/100/status/start", pveAuth("store-0001"), Map.of());
        assertThat(notRunning.status()).isEqualTo(500);
        assertThat(notRunning.json().get("message").asText()).isEqualTo("CT 100 already running\n");

        LabClient.Resp pbs404 = client.call("GET", lab.pbsUri("store-0001"), "/nope", pbsAuth("store-0001"), null);
        assertThat(pbs404.status()).isEqualTo(404);
        assertThat(pbs404.json().isTextual()).isTrue();
    }

    @Test
    void tasksHaveRealUpids() throws Exception {
        LabClient.Resp snap = client.call("POST", pve("store-0002", "pve1"), "/nodes/pve1/qemu/101/snapshot", pveAuth("store-0002"), Map.of("snapname", "pre-test"));
        assertThat(snap.status()).isEqualTo(200);
        String upid = snap.data().asText();
        assertThat(upid).matches(PVE_UPID).contains(":qmsnapshot:101:edgerun@pve!runbooks:");
        LabClient.Resp st = get("store-0002", "/nodes/pve1/tasks/" + LabClient.enc(upid) + "/status");
        assertThat(st.data().get("status").asText()).isEqualTo("stopped");
        assertThat(st.data().get("exitstatus").asText()).isEqualTo("OK");
        LabClient.Resp log = get("store-0002", "/nodes/pve1/tasks/" + LabClient.enc(upid) + "/log");
        assertThat(log.json().get("total").asInt()).isGreaterThan(0);
        assertThat(log.data().get(0).has("n")).isTrue();
        LabClient.Resp snaps = get("store-0002", "/nodes/pve1/qemu/101/snapshot");
        assertThat(snaps.data().findValuesAsText("name")).contains("pre-test", "current");

        LabClient.Resp multi = client.call("PUT", pve("store-0002", "pve1"), "/cluster/ceph/flags", pveAuth("store-0002"), Map.of("noout", 1));
        assertThat(multi.data().asText()).matches(PVE_UPID);
        assertThat(get("store-0002", "/cluster/ceph/status").data().at("/health/status").asText()).isEqualTo("HEALTH_WARN");
        LabClient.Resp single = client.call("PUT", pve("store-0002", "pve1"), "/cluster/ceph/flags/noout", pveAuth("store-0002"), Map.of("value", 0));
        assertThat(single.status()).isEqualTo(200);
        assertThat(single.data().isNull()).isTrue();
        assertThat(get("store-0002", "/cluster/ceph/status").data().at("/health/status").asText()).isEqualTo("HEALTH_OK");
    }

    @Test
    void corruptedBackupFailsVerification() throws Exception {
        String store = "store-0003";
        lab.faults(store).corruptNewestBackup(101);
        URI pbs = lab.pbsUri(store);
        JsonNode snaps = client.call("GET", pbs, "/admin/datastore/store/snapshots", pbsAuth(store), Map.of("backup-type", "vm", "backup-id", "101")).data();
        assertThat(snaps).hasSize(14);
        JsonNode newest = snaps.get(13);
        for (JsonNode s : snaps) if (s.get("backup-time").asLong() > newest.get("backup-time").asLong()) newest = s;
        assertThat(newest.has("verification")).isFalse();
        LabClient.Resp v = client.call("POST", pbs, "/admin/datastore/store/verify", pbsAuth(store),
                Map.of("backup-type", "vm", "backup-id", "101", "backup-time", newest.get("backup-time").asLong()));
        String upid = v.data().asText();
        assertThat(upid).matches(PBS_UPID);
        JsonNode st = client.call("GET", pbs, "/nodes/localhost/tasks/" + LabClient.enc(upid) + "/status", pbsAuth(store), null).data();
        assertThat(st.get("status").asText()).isEqualTo("stopped");
        assertThat(st.get("exitstatus").asText()).isEqualTo("verification failed - please check the log for details");
        long t = newest.get("backup-time").asLong();
        JsonNode after = client.call("GET", pbs, "/admin/datastore/store/snapshots", pbsAuth(store), Map.of("backup-type", "vm", "backup-id", "101")).data();
        for (JsonNode s : after) {
            if (s.get("backup-time").asLong() == t) assertThat(s.at("/verification/state").asText()).isEqualTo("failed");
        }
        // PVE sees the same through the pbs storage
        JsonNode content = get(store, "/nodes/pve1/storage/pbs-store/content?content=backup&vmid=101").data();
        assertThat(content.findValuesAsText("volid")).allMatch(s -> s.matches("pbs-store:backup/vm/101/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertThat(content.findValuesAsText("state")).contains("failed");
        // sync job and datastores
        JsonNode sync = client.call("GET", pbs, "/admin/sync", pbsAuth(store), null).data().get(0);
        assertThat(sync.get("remote-store").asText()).isEqualTo("offsite");
        assertThat(sync.get("last-run-state").asText()).isEqualToIgnoringCase("ok");
        JsonNode ds = client.call("GET", pbs, "/admin/datastore", pbsAuth(store), null).data();
        assertThat(ds.findValuesAsText("backend-type")).containsExactly("filesystem", "s3");
    }

    @Test
    void restoreOntoStagingAndFaults() throws Exception {
        String store = "store-0004";
        String stg = lab.site(store).region;
        String staging = "staging-" + stg;
        JsonNode content = get(store, "/nodes/pve1/storage/pbs-store/content?vmid=102").data();
        String volid = content.get(content.size() - 1).get("volid").asText();
        // register the store's PBS on the staging cluster, as a restore test does
        LabCredentials c = lab.credentials(store);
        URI stgUri = lab.pveUri(staging, "stg1");
        String stgAuth = lab.credentials(staging).pveAuthorization();
        LabClient.Resp reg = client.call("POST", stgUri, "/storage", stgAuth, Map.of("storage", "pbs-" + store, "type", "pbs", "server", "127.0.0.1",
                "port", lab.pbsUri(store).getPort(), "datastore", "store", "username", c.pbsTokenId(), "password", c.pbsSecret(),
                "fingerprint", lab.fingerprint(store, "pbs")));
        assertThat(reg.status()).isEqualTo(200);
        String archive = volid.replace("pbs-store:", "pbs-" + store + ":");
        lab.faults(store).noBoot(102);
        LabClient.Resp r = client.call("POST", stgUri, "/nodes/stg1/qemu", stgAuth, Map.of("vmid", 9102, "archive", archive, "storage", "ceph-vm", "start", 1));
        assertThat(r.data().asText()).matches(PVE_UPID).contains(":qmrestore:9102:");
        LabClient.Resp ping = client.call("POST", stgUri, "/nodes/stg1/qemu/9102/agent/ping", stgAuth, Map.of());
        assertThat(ping.status()).isEqualTo(500);
        assertThat(ping.json().get("message").asText()).isEqualTo("QEMU guest agent is not running\n");
        lab.faults(store).failRestore(102);
        LabClient.Resp again = client.call("POST", stgUri, "/nodes/stg1/qemu", stgAuth, Map.of("vmid", 9102, "archive", archive, "force", 1));
        assertThat(again.status()).isEqualTo(500); // still running
        client.call("POST", stgUri, "/nodes/stg1/qemu/9102/status/stop", stgAuth, Map.of());
        LabClient.Resp failed = client.call("POST", stgUri, "/nodes/stg1/qemu", stgAuth, Map.of("vmid", 9102, "archive", archive, "force", 1));
        JsonNode st = get2(stgUri, stgAuth, "/nodes/stg1/tasks/" + LabClient.enc(failed.data().asText()) + "/status");
        assertThat(st.get("exitstatus").asText()).startsWith("unable to restore VM 9102 - ");
        lab.faults(store).clear();
    }

    JsonNode get2(URI base, String auth, String path) throws Exception {
        return client.call("GET", base, path, auth, null).data();
    }

    @Test
    void nodeOfflineAndUnreachable() throws Exception {
        String store = "store-0005";
        lab.faults(store).nodeOffline("pve2", true);
        JsonNode status = get(store, "/cluster/status").data();
        for (JsonNode n : status) if ("pve2".equals(n.path("name").asText())) assertThat(n.get("online").asInt()).isEqualTo(0);
        assertThat(get(store, "/nodes/pve2/qemu").status()).isEqualTo(595);
        assertThatThrownBy(() -> new LabClient(pins(lab)).call("GET", pve(store, "pve2"), "/version", pveAuth(store), null))
                .isInstanceOf(ConnectException.class);
        lab.faults(store).nodeOffline("pve2", false);
        assertThat(new LabClient(pins(lab)).call("GET", pve(store, "pve2"), "/version", pveAuth(store), null).status()).isEqualTo(200);

        int port = pve(store, "pve1").getPort();
        lab.faults(store).unreachable(true);
        for (String n : Lab.PVE_NODES) {
            assertThatThrownBy(() -> new LabClient(pins(lab)).call("GET", pve(store, n), "/version", pveAuth(store), null)).isInstanceOf(ConnectException.class);
        }
        assertThatThrownBy(() -> new LabClient(pins(lab)).call("GET", lab.pbsUri(store), "/version", pbsAuth(store), null)).isInstanceOf(ConnectException.class);
        lab.faults(store).unreachable(false);
        assertThat(pve(store, "pve1").getPort()).isEqualTo(port);
        assertThat(new LabClient(pins(lab)).call("GET", pve(store, "pve1"), "/version", pveAuth(store), null).status()).isEqualTo(200);
    }

    @Test
    void adminApiAndMetrics() throws Exception {
        HttpClient h = HttpClient.newHttpClient();
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/lab/stores/store-0006/faults/api"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"errorRate\":1.0,\"latencyMs\":0}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        LabClient.Resp err = get("store-0006", "/version");
        assertThat(err.status()).isEqualTo(500);
        assertThat(err.json().get("message").asText()).endsWith("\n");
        h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/lab/stores/store-0006/faults/slo"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"ttfbP95Seconds\":2.5}")).build(), HttpResponse.BodyHandlers.ofString());
        String one = h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/metrics/store-0006")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(one).contains("edge_ttfb_p95_seconds{store=\"store-0006\"} 2.5000");
        h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/lab/stores/store-0006/faults")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get("store-0006", "/version").status()).isEqualTo(200);

        String all = h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Pattern line = Pattern.compile("^[a-z0-9_]+\\{store=\"store-\\d{4}\"(,version=\"[^\"]+\")?} -?\\d+(\\.\\d+)?$");
        Set<String> names = new HashSet<>();
        for (String l : all.split("\n")) {
            if (l.startsWith("#")) {
                assertThat(l).matches("^# (HELP|TYPE) [a-z0-9_]+ .+$");
                continue;
            }
            assertThat(l).matches(line);
            names.add(l.substring(0, l.indexOf('{')));
        }
        assertThat(names).containsExactlyInAnyOrder("edge_ttfb_p95_seconds", "edge_pos_latency_seconds", "edge_cache_hit_ratio",
                "edge_wan_availability_ratio", "edge_sync_backlog", "edge_bundle_info");
        assertThat(all.lines().filter(l -> l.startsWith("edge_cache_hit_ratio")).count()).isEqualTo(6);
    }

    @Test
    void fleetYamlRoundTrips() throws Exception {
        String yaml = lab.fleetYaml();
        assertThat(yaml).startsWith("# Generated by the edge-runbooks lab");
        JsonNode f = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(f.get("fleet").asText()).isEqualTo("edge-lab");
        assertThat(f.at("/defaults/pveTokenId").asText()).isEqualTo("edgerun@pve!runbooks");
        assertThat(f.get("stores")).hasSize(6);
        assertThat(f.get("regions").get(0).at("/staging/nodes")).hasSize(3);
        for (JsonNode s : f.get("stores")) {
            String id = s.get("id").asText();
            for (JsonNode n : s.get("nodes")) {
                URI ep = URI.create(n.get("endpoint").asText());
                String fp = n.get("fingerprint").asText();
                assertThat(ep.getPort()).isEqualTo(lab.pveUri(id, n.get("name").asText()).getPort());
                // what is served is what the yaml says: pin only that fingerprint
                LabClient pinned = new LabClient(Set.of(fp));
                LabClient.Resp info = pinned.call("GET", URI.create(ep + "/api2/json"), "/nodes/" + n.get("name").asText() + "/certificates/info", pveAuth(id), null);
                assertThat(info.data().get(0).get("fingerprint").asText()).isEqualTo(fp);
            }
            JsonNode pbs = s.get("pbs");
            LabClient pinned = new LabClient(Set.of(pbs.get("fingerprint").asText()));
            assertThat(pinned.call("GET", URI.create(pbs.get("endpoint").asText() + "/api2/json"), "/version", pbsAuth(id), null).status()).isEqualTo(200);
            assertThat(s.get("guests")).hasSize(6);
            assertThat(s.get("guests").get(0).get("vmid").isInt()).isTrue();
        }
        assertThat(f.get("stores").get(0).get("pilot").asBoolean()).isTrue();
        assertThat(f.get("stores").get(0).get("wave").asText()).isEqualTo("canary");
        assertThat(f.get("stores").get(5).get("wave").asText()).isEqualTo("wave-1");
        // a client pinning the wrong fingerprint is refused
        LabClient wrong = new LabClient(Set.of(lab.fingerprint("store-0002", "pve1")));
        assertThatThrownBy(() -> wrong.call("GET", pve("store-0001", "pve1"), "/version", pveAuth("store-0001"), null))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void clusterViews() throws Exception {
        JsonNode vms = get("store-0001", "/cluster/resources?type=vm").data();
        assertThat(vms.findValuesAsText("name")).containsExactlyInAnyOrder("dns", "tokenization", "inventory-api", "cache", "pos-gateway", "monitoring");
        assertThat(get("store-0001", "/nodes/pve3/status").data().has("memory")).isTrue();
        assertThat(get("store-0001", "/nodes/pve1/ceph/osd").data().at("/root/children/0/children")).hasSize(3);
        assertThat(get("store-0001", "/cluster/ceph/flags").data()).hasSize(11);
        LabClient.Resp dump = client.call("POST", pve("store-0001", "pve1"), "/nodes/pve1/vzdump", pveAuth("store-0001"), Map.of("vmid", "101", "storage", "pbs-store"));
        assertThat(dump.data().asText()).matches(PVE_UPID).contains(":vzdump:101:");
        assertThat(get("store-0001", "/nodes/pve1/storage/pbs-store/content?vmid=101").data()).hasSize(15);
        assertThat(get("store-0001", "/nodes/pve1/tasks").json().get("total").asInt()).isGreaterThan(0);
        assertThat(List.of(get("store-0001", "/storage").data().findValuesAsText("storage"))).isNotEmpty();
    }
}
