package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The quarterly DR drill's view: bare metal, a cluster from scratch with root tickets, Ceph up to HEALTH_OK. */
class DrillLabTest {
    static final String STAGING = "staging-eu-central";

    static LabOptions options(MutableClock clock) {
        return LabOptions.defaults().withStores(1).withBasePort(0).withAdminPort(0).withTimeScale(1.0)
                .withAuthFailureDelay(Duration.ZERO).withClock(clock);
    }

    static JsonNode finish(LabClient c, MutableClock clock, URI base, String auth, String node, String upid) throws Exception {
        for (int i = 0; i < 200; i++) {
            JsonNode st = c.call("GET", base, "/nodes/" + node + "/tasks/" + LabClient.enc(upid) + "/status", auth, null).data();
            if (st.get("status").asText().equals("stopped")) return st;
            clock.advance(Duration.ofSeconds(5));
        }
        throw new AssertionError("task never ended: " + upid);
    }

    @Test
    void reinstalledNodeComesBackBareWithTheSameCertificate() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        try (Lab lab = Lab.start(options(clock))) {
            LabClient c = new LabClient(LabApiTest.pins(lab));
            String auth = lab.credentials(STAGING).pveAuthorization();
            URI stg1 = lab.pveUri(STAGING, "stg1"), stg2 = lab.pveUri(STAGING, "stg2");
            String fp = lab.fingerprint(STAGING, "stg1");
            assertThat(c.call("GET", stg1, "/cluster/status", auth, null).data().get(0).get("name").asText()).isEqualTo(STAGING);

            lab.reinstall(STAGING, "stg1");
            assertThatThrownBy(() -> new LabClient(LabApiTest.pins(lab)).call("GET", stg1, "/version", auth, null)).isInstanceOf(ConnectException.class);
            assertThat(lab.inspect(STAGING).nodes().get(0).reinstalling()).isTrue();
            // the others carry on without it
            JsonNode status = c.call("GET", stg2, "/cluster/status", auth, null).data();
            assertThat(status.get(0).get("nodes").asInt()).isEqualTo(2);
            assertThat(c.call("GET", stg2, "/nodes/stg1/status", auth, null).status()).isEqualTo(500);
            assertThat(c.call("GET", stg2, "/cluster/ceph/status", auth, null).data().at("/health/status").asText()).isEqualTo("HEALTH_WARN");

            clock.advance(Duration.ofSeconds(599));
            assertThat(lab.inspect(STAGING).nodes().get(0).reinstalling()).isTrue();
            clock.advance(Duration.ofSeconds(2));
            assertThat(lab.inspect(STAGING).nodes().get(0).reinstalling()).isFalse(); // inspect re-binds at once
            LabClient pinned = new LabClient(java.util.Set.of(fp));
            assertThat(pinned.call("GET", stg1, "/version", auth, null).status()).isEqualTo(200);
            JsonNode st = c.call("GET", stg1, "/cluster/status", auth, null).data();
            assertThat(st).hasSize(1);
            assertThat(st.get(0).get("type").asText()).isEqualTo("node");
            assertThat(c.call("GET", stg1, "/nodes", auth, null).data().findValuesAsText("node")).containsExactly("stg1");
            assertThat(c.call("GET", stg1, "/storage", auth, null).data().findValuesAsText("storage")).containsExactly("local");
            assertThat(c.call("GET", stg1, "/nodes/stg1/network?type=bridge", auth, null).data().findValuesAsText("iface")).containsExactly("vmbr0");
            assertThat(c.call("GET", stg1, "/nodes/stg1/qemu", auth, null).data()).isEmpty();
            LabClient.Resp ceph = c.call("GET", stg1, "/nodes/stg1/ceph/status", auth, null);
            assertThat(ceph.json().get("message").asText()).isEqualTo("pveceph configuration not initialized\n");
            assertThat(c.call("GET", stg1, "/nodes/stg1/disks/list", auth, null).data().findValuesAsText("osdid")).containsOnly("-1");
            assertThat(c.call("GET", stg1, "/nodes/stg2/status", auth, null).status()).isEqualTo(500); // not its cluster any more
            assertThat(c.call("GET", stg1, "/cluster/config/join", auth, null).json().get("message").asText())
                    .isEqualTo("node is not in a cluster, no join info available!\n");

            // a cluster whose nodes are all reinstalled is gone
            HttpClient h = HttpClient.newHttpClient();
            for (String n : new String[]{"stg2", "stg3"}) {
                HttpResponse<String> r = h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/admin/sites/" + STAGING + "/nodes/" + n + "/reinstall"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            clock.advance(Duration.ofSeconds(601));
            LabInspection in = lab.inspect(STAGING);
            assertThat(in.nodes()).allMatch(n -> n.cluster() == null && n.online() && n.bridges().equals(java.util.List.of("vmbr0")));
            assertThat(in.guests()).isEmpty();
        }
    }

    @Test
    void wipedStagingBecomesAHealthyCephClusterWithRootTickets() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        try (Lab lab = Lab.start(options(clock).withWipedStaging(true))) {
            LabClient c = new LabClient(LabApiTest.pins(lab));
            LabCredentials cred = lab.credentials(STAGING);
            String token = cred.pveAuthorization();
            assertThat(cred.rootUser()).isEqualTo("root@pam");
            URI[] uri = {lab.pveUri(STAGING, "stg1"), lab.pveUri(STAGING, "stg2"), lab.pveUri(STAGING, "stg3")};
            assertThat(lab.inspect(STAGING).nodes()).allMatch(n -> n.cluster() == null);

            // root-only calls refuse the token like PVE
            LabClient.Resp refused = c.call("POST", uri[0], "/cluster/config", token, Map.of("clustername", "stg-eu-central"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("message").asText()).isEqualTo("Permission check failed (user != root@pam)\n");

            // tickets
            LabClient.Resp bad = c.call("POST", uri[0], "/access/ticket", (String) null, Map.of("username", "root@pam", "password", "wrong"));
            assertThat(bad.status()).isEqualTo(401);
            JsonNode login = c.call("POST", uri[0], "/access/ticket", (String) null, Map.of("username", "root", "realm", "pam", "password", cred.rootPassword())).data();
            assertThat(login.get("username").asText()).isEqualTo("root@pam");
            assertThat(login.get("ticket").asText()).startsWith("PVE:root@pam:");
            Map<String, String> root1 = LabClient.ticketHeaders(login);
            LabClient.Resp noCsrf = c.callWith("POST", uri[0], "/cluster/config", Map.of("Cookie", root1.get("Cookie")), Map.of("clustername", "stg-eu-central"));
            assertThat(noCsrf.status()).isEqualTo(401);
            assertThat(c.callWith("GET", uri[0], "/version", Map.of("Cookie", root1.get("Cookie")), null).status()).isEqualTo(200);
            LabClient.Resp tooLong = c.callWith("POST", uri[0], "/cluster/config", root1, Map.of("clustername", "staging-eu-central"));
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().get("errors").get("clustername").asText()).isEqualTo("value may only be 15 characters long");

            String upid = c.callWith("POST", uri[0], "/cluster/config", root1, Map.of("clustername", "stg-eu-central")).data().asText();
            assertThat(upid).matches(LabApiTest.PVE_UPID).contains(":clustercreate:stg-eu-central:root@pam:");
            assertThat(finish(c, clock, uri[0], token, "stg1", upid).get("exitstatus").asText()).isEqualTo("OK");
            JsonNode join = c.call("GET", uri[0], "/cluster/config/join", token, null).data();
            assertThat(join.get("preferred_node").asText()).isEqualTo("stg1");
            assertThat(join.at("/totem/cluster_name").asText()).isEqualTo("stg-eu-central");
            JsonNode member = join.get("nodelist").get(0);
            assertThat(member.get("pve_fp").asText()).isEqualTo(lab.fingerprint(STAGING, "stg1"));
            // a ticket of stg1 means nothing to stg2 (another auth key until it joins)
            assertThat(c.callWith("GET", uri[1], "/version", root1, null).status()).isEqualTo(401);

            for (int i = 1; i <= 2; i++) {
                String node = "stg" + (i + 1);
                Map<String, String> root = LabClient.ticketHeaders(c.call("POST", uri[i], "/access/ticket", (String) null,
                        Map.of("username", "root@pam", "password", cred.rootPassword())).data());
                if (i == 1) {
                    String wrongPw = c.callWith("POST", uri[i], "/cluster/config/join", root, Map.of("hostname", member.get("pve_addr").asText(),
                            "fingerprint", member.get("pve_fp").asText(), "password", "nope")).data().asText();
                    assertThat(finish(c, clock, uri[i], token, node, wrongPw).get("exitstatus").asText()).isEqualTo("401 authentication failure");
                    String wrongFp = c.callWith("POST", uri[i], "/cluster/config/join", root, Map.of("hostname", member.get("pve_addr").asText(),
                            "fingerprint", lab.fingerprint(STAGING, "stg3"), "password", cred.rootPassword())).data().asText();
                    assertThat(finish(c, clock, uri[i], token, node, wrongFp).get("exitstatus").asText()).contains("not verified, abort!");
                    LabClient.Resp tokenJoin = c.call("POST", uri[i], "/cluster/config/join", token, Map.of("hostname", "stg1",
                            "fingerprint", member.get("pve_fp").asText(), "password", cred.rootPassword()));
                    assertThat(tokenJoin.status()).isEqualTo(403);
                }
                String j = c.callWith("POST", uri[i], "/cluster/config/join", root, Map.of("hostname", member.get("pve_addr").asText(),
                        "fingerprint", member.get("pve_fp").asText(), "password", cred.rootPassword())).data().asText();
                assertThat(j).contains(":clusterjoin::root@pam:");
                assertThat(finish(c, clock, uri[i], token, node, j).get("exitstatus").asText()).isEqualTo("OK");
            }
            JsonNode status = c.call("GET", uri[2], "/cluster/status", token, null).data();
            assertThat(status.get(0).get("quorate").asInt()).isEqualTo(1);
            assertThat(status.get(0).get("nodes").asInt()).isEqualTo(3);
            assertThat(status.findValuesAsText("name")).contains("stg1", "stg2", "stg3");
            assertThat(c.call("GET", uri[0], "/cluster/config/nodes", token, null).data().findValuesAsText("node")).containsExactly("stg1", "stg2", "stg3");
            // after joining, stg1's ticket is good on stg3 too (one cluster, one auth key)
            assertThat(c.callWith("GET", uri[2], "/version", root1, null).status()).isEqualTo(200);

            // Ceph from scratch
            assertThat(c.call("POST", uri[0], "/nodes/stg1/ceph/init", token, Map.of("network", "10.20.0.0/24")).status()).isEqualTo(200);
            assertThat(c.call("GET", uri[0], "/cluster/ceph/status", token, null).json().get("message").asText()).startsWith("rados_connect failed");
            for (int i = 0; i < 3; i++) {
                String node = "stg" + (i + 1);
                String mon = c.call("POST", uri[0], "/nodes/" + node + "/ceph/mon/" + node, token, Map.of()).data().asText();
                assertThat(mon).contains(":cephcreatemon:mon." + node + ":");
                finish(c, clock, uri[0], token, node, mon);
                finish(c, clock, uri[0], token, node, c.call("POST", uri[0], "/nodes/" + node + "/ceph/mgr/" + node, token, Map.of()).data().asText());
                if (i == 0) {
                    JsonNode warn = c.call("GET", uri[0], "/cluster/ceph/status", token, null).data();
                    assertThat(warn.at("/health/status").asText()).isEqualTo("HEALTH_WARN");
                    assertThat(warn.at("/health/checks").has("TOO_FEW_OSDS")).isTrue();
                }
            }
            assertThat(c.call("POST", uri[0], "/nodes/stg1/ceph/mon/stg1", token, Map.of()).json().get("message").asText()).isEqualTo("monitor 'stg1' already exists\n");
            assertThat(c.call("GET", uri[1], "/nodes/stg1/ceph/mon", token, null).data().findValuesAsText("name")).containsExactly("stg1", "stg2", "stg3");
            assertThat(c.call("GET", uri[1], "/nodes/stg1/ceph/mgr", token, null).data().findValuesAsText("state")).containsExactly("active", "standby", "standby");
            Map<String, String> root = LabClient.ticketHeaders(c.call("POST", uri[0], "/access/ticket", (String) null,
                    Map.of("username", "root@pam", "password", cred.rootPassword())).data());
            assertThat(c.call("POST", uri[0], "/nodes/stg1/ceph/osd", token, Map.of("dev", "/dev/nvme0n1")).status()).isEqualTo(403);
            for (int i = 0; i < 3; i++) {
                String node = "stg" + (i + 1);
                for (String dev : new String[]{"/dev/nvme0n1", "/dev/nvme1n1"}) {
                    LabClient.Resp osd = c.callWith("POST", uri[0], "/nodes/" + node + "/ceph/osd", root, Map.of("dev", dev));
                    assertThat(osd.status()).as(osd.body()).isEqualTo(200);
                    finish(c, clock, uri[0], token, node, osd.data().asText());
                }
            }
            assertThat(c.callWith("POST", uri[0], "/nodes/stg1/ceph/osd", root, Map.of("dev", "/dev/nvme0n1")).json().get("message").asText())
                    .isEqualTo("device '/dev/nvme0n1' is already in use\n");
            JsonNode disks = c.call("GET", uri[0], "/nodes/stg2/disks/list", token, null).data();
            for (JsonNode d : disks) {
                if (d.get("devpath").asText().startsWith("/dev/nvme")) {
                    assertThat(d.get("used").asText()).isEqualTo("LVM");
                    assertThat(d.get("osdid").asInt()).isGreaterThanOrEqualTo(0);
                }
            }
            JsonNode tree = c.call("GET", uri[0], "/nodes/stg1/ceph/osd", token, null).data();
            assertThat(tree.at("/root/children/0/children")).hasSize(3);
            JsonNode before = c.call("GET", uri[0], "/cluster/ceph/status", token, null).data();
            assertThat(before.at("/health/status").asText()).isEqualTo("HEALTH_WARN");
            assertThat(before.at("/osdmap/num_up_osds").asInt()).isEqualTo(6);

            String pool = c.call("POST", uri[0], "/nodes/stg1/ceph/pool", token, Map.of("name", "ceph-vm", "size", 3, "min_size", 2,
                    "pg_num", 128, "add_storages", 1)).data().asText();
            assertThat(pool).contains(":cephcreatepool:ceph-vm:");
            finish(c, clock, uri[0], token, "stg1", pool);
            assertThat(c.call("GET", uri[0], "/nodes/stg1/ceph/pool", token, null).data().findValuesAsText("pool_name")).contains("ceph-vm");
            JsonNode storage = c.call("GET", uri[2], "/storage/ceph-vm", token, null).data();
            assertThat(storage.get("type").asText()).isEqualTo("rbd");
            assertThat(storage.get("pool").asText()).isEqualTo("ceph-vm");
            JsonNode ok = c.call("GET", uri[1], "/cluster/ceph/status", token, null).data();
            assertThat(ok.at("/health/status").asText()).as(ok.at("/health/checks").toString()).isEqualTo("HEALTH_OK");
            assertThat(ok.get("quorum_names")).hasSize(3);

            // a reinstalled node takes its daemons with it
            lab.reinstall(STAGING, "stg3");
            JsonNode degraded = c.call("GET", uri[0], "/cluster/ceph/status", token, null).data();
            assertThat(degraded.at("/health/status").asText()).isEqualTo("HEALTH_WARN");
        }
    }
}
