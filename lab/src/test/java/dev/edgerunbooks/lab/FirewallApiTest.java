package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the nightly audit-evidence runbook reads: the firewall (cluster, nodes, guests) and the bundle tag of every guest. */
class FirewallApiTest {
    static Lab lab;
    static LabClient client;

    @BeforeAll
    static void start() {
        lab = Lab.start(LabOptions.defaults().withStores(5).withBasePort(0).withAdminPort(0).withTimeScale(0)
                .withAuthFailureDelay(Duration.ZERO));
        client = new LabClient(LabApiTest.pins(lab));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static LabClient.Resp call(String store, String method, String path, Map<String, ?> params) throws Exception {
        return client.call(method, lab.pveUri(store, "pve1"), path, lab.credentials(store).pveAuthorization(), params);
    }

    static JsonNode data(String store, String path) throws Exception {
        LabClient.Resp r = call(store, "GET", path, null);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.data();
    }

    static List<String> comments(JsonNode rules) {
        List<String> l = new ArrayList<>();
        for (JsonNode r : rules) l.add(r.path("comment").asText());
        return l;
    }

    static void assertPositions(JsonNode rules) {
        for (int i = 0; i < rules.size(); i++) assertThat(rules.get(i).get("pos").asInt()).isEqualTo(i);
    }

    @Test
    void listsTheStoreFirewall() throws Exception {
        String s = "store-0001";
        JsonNode opts = data(s, "/cluster/firewall/options");
        assertThat(opts.get("enable").asInt()).isEqualTo(1);
        assertThat(opts.get("policy_in").asText()).isEqualTo("DROP");
        assertThat(opts.get("policy_out").asText()).isEqualTo("ACCEPT");
        assertThat(opts.get("ebtables").asInt()).isEqualTo(1);
        assertThat(opts.get("log_ratelimit").asText()).isEqualTo("enable=1,burst=5,rate=1/second");
        assertThat(opts.get("digest").asText()).matches("[0-9a-f]{40}");

        JsonNode rules = data(s, "/cluster/firewall/rules");
        assertThat(rules).hasSize(3);
        assertPositions(rules);
        JsonNode api = rules.get(0);
        assertThat(api.get("type").asText()).isEqualTo("in");
        assertThat(api.get("action").asText()).isEqualTo("ACCEPT");
        assertThat(api.get("source").asText()).isEqualTo("10.0.0.0/24");
        assertThat(api.get("proto").asText()).isEqualTo("tcp");
        assertThat(api.get("dport").asText()).isEqualTo("8006");
        assertThat(api.get("enable").isInt()).isTrue();
        assertThat(api.get("enable").asInt()).isEqualTo(1);
        assertThat(api.get("ipversion").asInt()).isEqualTo(4);
        assertThat(api.get("comment").asText()).contains("management network");
        assertThat(rules.get(1).get("dport").asText()).isEqualTo("22");
        assertThat(rules.get(2).get("proto").asText()).isEqualTo("icmp");
        assertThat(rules.get(2).has("source")).isFalse();
        // one digest for the whole list, on every rule
        assertThat(rules.findValuesAsText("digest")).containsOnly(api.get("digest").asText());
        assertThat(api.get("digest").asText()).isNotEqualTo(opts.get("digest").asText());

        JsonNode ssh = data(s, "/cluster/firewall/rules/1");
        assertThat(ssh.get("pos").asInt()).isEqualTo(1);
        assertThat(ssh.get("dport").asText()).isEqualTo("22");
        LabClient.Resp none = call(s, "GET", "/cluster/firewall/rules/3", null);
        assertThat(none.status()).isEqualTo(500);
        assertThat(none.json().get("message").asText()).isEqualTo("no rule at position 3\n");
        LabClient.Resp bad = call(s, "GET", "/cluster/firewall/rules/first", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/pos").asText()).isEqualTo("type check ('integer') failed - got 'first'");
        LabClient.Resp extra = call(s, "GET", "/cluster/firewall/rules", Map.of("type", "in"));
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.json().at("/errors/type").asText()).contains("not defined in schema");

        // every node has its host.fw, every seeded guest (net0 firewall=1) its <vmid>.fw, enabled
        for (String n : Lab.PVE_NODES) {
            assertThat(data(s, "/nodes/" + n + "/firewall/options").get("enable").asInt()).isEqualTo(1);
            assertThat(data(s, "/nodes/" + n + "/firewall/rules").get(0).get("dport").asText()).isEqualTo("9100");
        }
        for (JsonNode g : data(s, "/cluster/resources?type=vm")) {
            String base = "/nodes/" + g.get("node").asText() + "/" + g.get("type").asText() + "/" + g.get("vmid").asInt() + "/firewall";
            assertThat(data(s, base + "/options").get("enable").asInt()).as(base).isEqualTo(1);
            JsonNode gr = data(s, base + "/rules");
            assertThat(gr).as(base).hasSize(1);
            assertThat(gr.get(0).get("action").asText()).isEqualTo("ACCEPT");
        }
        assertThat(data(s, "/nodes/pve1/lxc/100/firewall/rules").get(0).get("macro").asText()).isEqualTo("DNS");
        // another node's guest, and a guest that is not there
        assertThat(call(s, "GET", "/nodes/pve1/qemu/102/firewall/options", null).status()).isEqualTo(500);
        assertThat(call(s, "GET", "/nodes/pve1/qemu/101/firewall/rules", null).status()).isEqualTo(200);
        assertThat(call(s, "GET", "/nodes/pve1/lxc/101/firewall/rules", null).status()).isEqualTo(500);
    }

    @Test
    void insertsARuleOnTop() throws Exception {
        String s = "store-0002";
        LabClient.Resp post = call(s, "POST", "/cluster/firewall/rules", Map.of("type", "in", "action", "ACCEPT", "proto", "tcp",
                "dport", "443", "source", "10.0.0.0/24", "enable", 1, "comment", "HTTPS from the management network"));
        assertThat(post.status()).as(post.body()).isEqualTo(200);
        assertThat(post.data().isNull()).isTrue();
        JsonNode rules = data(s, "/cluster/firewall/rules");
        assertThat(rules).hasSize(4);
        assertPositions(rules);
        assertThat(rules.get(0).get("dport").asText()).isEqualTo("443");
        assertThat(rules.get(0).get("enable").asInt()).isEqualTo(1);
        assertThat(rules.get(1).get("dport").asText()).isEqualTo("8006");
        assertThat(rules.get(3).get("proto").asText()).isEqualTo("icmp");

        // like PVE: pos is accepted but a new rule always goes on top, disabled unless enable is given; macros are PVE's spelling
        call(s, "POST", "/cluster/firewall/rules", Map.of("type", "out", "action", "ACCEPT", "macro", "ntp", "pos", 3, "comment", "time"));
        rules = data(s, "/cluster/firewall/rules");
        assertThat(rules).hasSize(5);
        assertThat(rules.get(0).get("macro").asText()).isEqualTo("NTP");
        assertThat(rules.get(0).get("type").asText()).isEqualTo("out");
        assertThat(rules.get(0).get("enable").asInt()).isEqualTo(0);
        assertThat(rules.get(1).get("dport").asText()).isEqualTo("443");
        // where it should go: PUT moveto
        LabClient.Resp move = call(s, "PUT", "/cluster/firewall/rules/0", Map.of("moveto", 5, "digest", rules.get(0).get("digest").asText()));
        assertThat(move.status()).as(move.body()).isEqualTo(200);
        rules = data(s, "/cluster/firewall/rules");
        assertThat(rules.get(4).get("macro").asText()).isEqualTo("NTP");
        assertThat(rules.get(0).get("dport").asText()).isEqualTo("443");
        assertPositions(rules);

        // checked like PVE: the schema first (every problem), then the rule (the first problem)
        LabClient.Resp schema = call(s, "POST", "/cluster/firewall/rules", Map.of("type", "inbound", "action", "ACCEPT", "enable", "yes", "colour", "red"));
        assertThat(schema.status()).isEqualTo(400);
        assertThat(schema.json().get("message").asText()).isEqualTo("Parameter verification failed.\n");
        assertThat(schema.json().at("/errors/type").asText()).isEqualTo("value 'inbound' does not have a value in the enumeration 'in, out, forward, group'");
        assertThat(schema.json().at("/errors/enable").asText()).isEqualTo("type check ('integer') failed - got 'yes'");
        assertThat(schema.json().at("/errors/colour").asText()).contains("not defined in schema");
        LabClient.Resp missing = call(s, "POST", "/cluster/firewall/rules", Map.of("action", "ACCEPT"));
        assertThat(missing.json().at("/errors/type").asText()).isEqualTo("property is missing and it is not optional");
        assertThat(call(s, "POST", "/cluster/firewall/rules", Map.of("type", "in", "action", "ALLOW")).json().at("/errors/action").asText())
                .isEqualTo("unknown action 'ALLOW'");
        assertThat(call(s, "POST", "/cluster/firewall/rules", Map.of("type", "in", "action", "ACCEPT", "dport", "22")).json().at("/errors/proto").asText())
                .isEqualTo("missing property - 'dport' requires this property");
        assertThat(call(s, "POST", "/cluster/firewall/rules", Map.of("type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "70000"))
                .json().at("/errors/dport").asText()).isEqualTo("invalid format - invalid port '70000'");
        assertThat(call(s, "POST", "/cluster/firewall/rules", Map.of("type", "in", "action", "ACCEPT", "source", "10.0.0.300/24"))
                .json().at("/errors/source").asText()).startsWith("invalid format - invalid IP address");
        assertThat(call(s, "POST", "/cluster/firewall/rules", Map.of("type", "in", "action", "ACCEPT", "macro", "Bogus")).json().at("/errors/macro").asText())
                .isEqualTo("unknown macro 'Bogus'");
        assertThat(data(s, "/cluster/firewall/rules")).hasSize(5);
    }

    @Test
    void optionsChangeOnlyWithTheCurrentDigest() throws Exception {
        String s = "store-0003";
        JsonNode before = data(s, "/cluster/firewall/options");
        String digest = before.get("digest").asText();
        LabClient.Resp ok = call(s, "PUT", "/cluster/firewall/options", Map.of("policy_in", "REJECT", "digest", digest));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode after = data(s, "/cluster/firewall/options");
        assertThat(after.get("policy_in").asText()).isEqualTo("REJECT");
        assertThat(after.get("digest").asText()).isNotEqualTo(digest);

        // someone changed it since: refused, nothing changes
        LabClient.Resp stale = call(s, "PUT", "/cluster/firewall/options", Map.of("policy_in", "ACCEPT", "enable", 0, "digest", digest));
        assertThat(stale.status()).isEqualTo(500);
        assertThat(stale.json().get("message").asText()).isEqualTo("detected modified configuration - file changed by other user? Try again.\n");
        assertThat(data(s, "/cluster/firewall/options")).isEqualTo(after);

        // delete, booleans, enumerations
        assertThat(call(s, "PUT", "/cluster/firewall/options", Map.of("delete", "log_ratelimit", "ebtables", "false")).status()).isEqualTo(200);
        JsonNode now = data(s, "/cluster/firewall/options");
        assertThat(now.has("log_ratelimit")).isFalse();
        assertThat(now.get("ebtables").asInt()).isEqualTo(0);
        LabClient.Resp unknown = call(s, "PUT", "/cluster/firewall/options", Map.of("delete", "colour"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/delete").asText()).isEqualTo("no such option 'colour'");
        LabClient.Resp policy = call(s, "PUT", "/cluster/firewall/options", Map.of("policy_out", "allow", "log_ratelimit", "burst=x"));
        assertThat(policy.status()).isEqualTo(400);
        assertThat(policy.json().at("/errors/policy_out").asText()).isEqualTo("value 'allow' does not have a value in the enumeration 'ACCEPT, REJECT, DROP'");
        assertThat(policy.json().at("/errors/log_ratelimit").asText()).startsWith("invalid format - format error");
        assertThat(data(s, "/cluster/firewall/options").get("policy_out").asText()).isEqualTo("ACCEPT");
    }

    @Test
    void deletingARuleRenumbersTheRest() throws Exception {
        String s = "store-0004";
        JsonNode rules = data(s, "/cluster/firewall/rules");
        String digest = rules.get(0).get("digest").asText();
        LabClient.Resp del = call(s, "DELETE", "/cluster/firewall/rules/0", Map.of("digest", digest));
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        JsonNode after = data(s, "/cluster/firewall/rules");
        assertThat(after).hasSize(2);
        assertPositions(after);
        assertThat(after.get(0).get("dport").asText()).isEqualTo("22");
        assertThat(after.get(1).get("proto").asText()).isEqualTo("icmp");
        assertThat(data(s, "/cluster/firewall/rules/0").get("comment").asText()).isEqualTo(rules.get(1).get("comment").asText());
        // the old digest no longer holds; a position past the end is an error
        LabClient.Resp stale = call(s, "DELETE", "/cluster/firewall/rules/0", Map.of("digest", digest));
        assertThat(stale.status()).isEqualTo(500);
        assertThat(stale.json().get("message").asText()).startsWith("detected modified configuration");
        LabClient.Resp past = call(s, "DELETE", "/cluster/firewall/rules/2", null);
        assertThat(past.status()).isEqualTo(500);
        assertThat(past.json().get("message").asText()).isEqualTo("no rule at position 2\n");
        assertThat(data(s, "/cluster/firewall/rules")).hasSize(2);

        // update in place: set, delete a property, required ones stay
        assertThat(call(s, "PUT", "/cluster/firewall/rules/1", Map.of("comment", "ping", "log", "info")).status()).isEqualTo(200);
        assertThat(data(s, "/cluster/firewall/rules/1").get("log").asText()).isEqualTo("info");
        assertThat(call(s, "PUT", "/cluster/firewall/rules/1", Map.of("delete", "comment,log")).status()).isEqualTo(200);
        JsonNode icmp = data(s, "/cluster/firewall/rules/1");
        assertThat(icmp.has("comment")).isFalse();
        assertThat(icmp.has("log")).isFalse();
        LabClient.Resp required = call(s, "PUT", "/cluster/firewall/rules/1", Map.of("delete", "action"));
        assertThat(required.status()).isEqualTo(400);
        assertThat(required.json().at("/errors/delete").asText()).isEqualTo("unable to delete required property 'action'");
        LabClient.Resp noPorts = call(s, "PUT", "/cluster/firewall/rules/1", Map.of("sport", "53"));
        assertThat(noPorts.json().at("/errors/sport").asText()).isEqualTo("protocol 'icmp' does not support ports");
        assertThat(data(s, "/cluster/firewall/rules/1").has("sport")).isFalse();
        assertThat(comments(data(s, "/cluster/firewall/rules"))).hasSize(2);
    }

    @Test
    void guestsCarryTheirBundleTag() throws Exception {
        String s = "store-0005";
        JsonNode vm = data(s, "/nodes/pve1/qemu/101/config");
        assertThat(vm.get("tags").asText()).isEqualTo("bundle-2026.11.0;tokenization");
        assertThat(data(s, "/nodes/pve1/lxc/100/config").get("tags").asText()).isEqualTo("bundle-2026.11.0;dns");
        JsonNode resources = data(s, "/cluster/resources?type=vm");
        assertThat(resources).hasSize(6);
        for (JsonNode g : resources) assertThat(g.get("tags").asText().split(";")).as(g.toString()).contains("bundle-2026.11.0");

        // tags a runbook (or an operator) added stay when the bundle changes
        assertThat(call(s, "PUT", "/nodes/pve1/qemu/101/config", Map.of("tags", "tokenization;pci;bundle-2026.11.0")).status()).isEqualTo(200);
        HttpClient h = HttpClient.newHttpClient();
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/lab/stores/" + s + "/bundle"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":\"2026.12.0\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode patched = data(s, "/nodes/pve1/qemu/101/config");
        assertThat(patched.get("tags").asText()).isEqualTo("bundle-2026.12.0;pci;tokenization");
        assertThat(patched.get("digest").asText()).isNotEqualTo(vm.get("digest").asText());
        for (JsonNode g : data(s, "/cluster/resources?type=vm")) {
            assertThat(g.get("tags").asText().split(";")).as(g.toString()).contains("bundle-2026.12.0").doesNotContain("bundle-2026.11.0");
        }
        assertThat(lab.metrics(s)).contains("version=\"2026.12.0\"");

        // a version that makes no PVE tag is refused, nothing changes
        assertThatThrownBy(() -> lab.faults(s).bundleVersion("2026/13")).isInstanceOf(IllegalArgumentException.class);
        HttpResponse<String> bad = h.send(HttpRequest.newBuilder(lab.adminUri().resolve("/lab/stores/" + s + "/bundle"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":\"\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(data(s, "/nodes/pve1/lxc/100/config").get("tags").asText()).isEqualTo("bundle-2026.12.0;dns");

        // a restore carries the backed-up guest's tags and firewall; later bundle changes of the store leave the copy alone
        String staging = "staging-" + lab.site(s).region;
        URI stg = lab.pveUri(staging, "stg1");
        String stgAuth = lab.credentials(staging).pveAuthorization();
        LabCredentials c = lab.credentials(s);
        assertThat(client.call("POST", stg, "/storage", stgAuth, Map.of("storage", "pbs-" + s, "type", "pbs", "server", "127.0.0.1",
                "port", lab.pbsUri(s).getPort(), "datastore", "store", "username", c.pbsTokenId(), "password", c.pbsSecret(),
                "fingerprint", lab.fingerprint(s, "pbs"))).status()).isEqualTo(200);
        JsonNode content = data(s, "/nodes/pve1/storage/pbs-store/content?vmid=104");
        String archive = content.get(content.size() - 1).get("volid").asText().replace("pbs-store:", "pbs-" + s + ":");
        LabClient.Resp restore = client.call("POST", stg, "/nodes/stg1/qemu", stgAuth, Map.of("vmid", 9104, "archive", archive, "storage", "ceph-vm"));
        assertThat(restore.status()).as(restore.body()).isEqualTo(200);
        JsonNode copy = client.call("GET", stg, "/nodes/stg1/qemu/9104/config", stgAuth, null).data();
        assertThat(copy.get("tags").asText()).isEqualTo("bundle-2026.12.0;pos");
        assertThat(client.call("GET", stg, "/nodes/stg1/qemu/9104/firewall/options", stgAuth, null).data().get("enable").asInt()).isEqualTo(1);
        assertThat(client.call("GET", stg, "/nodes/stg1/qemu/9104/firewall/rules", stgAuth, null).data().get(0).get("macro").asText()).isEqualTo("HTTPS");
        lab.faults(s).bundleVersion("2027.1.0");
        assertThat(data(s, "/nodes/pve3/qemu/104/config").get("tags").asText()).isEqualTo("bundle-2027.1.0;pos");
        assertThat(client.call("GET", stg, "/nodes/stg1/qemu/9104/config", stgAuth, null).data().get("tags").asText()).isEqualTo("bundle-2026.12.0;pos");
    }
}
