package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls every PVE route the lab serves, through HTTPS, and checks against the official schema: the parameter names sent exist,
 * and what comes back has the schema's return type and every property the schema does not mark optional.
 */
class ReturnShapeTest {
    static final String STORE = "store-0001", STG = "staging-eu-central";

    final Map<String, JsonNode> schema = new HashMap<>();
    final Set<String> covered = new LinkedHashSet<>();
    final List<String> problems = new ArrayList<>();
    Lab lab;
    LabClient client;

    static void index(JsonNode n, Map<String, JsonNode> out) {
        out.put(n.get("path").asText(), n);
        if (n.has("children")) for (JsonNode c : n.get("children")) index(c, out);
    }

    /** Calls a route and checks it; returns the data. */
    JsonNode call(String method, URI base, String path, Map<String, String> headers, Map<String, ?> params) throws Exception {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Router.Match m = PveApi.ROUTER.match(method, bare);
        assertThat(m).as(method + " " + bare + " is served").isNotNull();
        String where = method + " " + m.route().template();
        covered.add(where);
        JsonNode info = schema.get(m.route().template()).path("info").path(method);
        JsonNode props = info.path("parameters").path("properties");
        Map<String, Object> all = new LinkedHashMap<>();
        if (params != null) all.putAll(params);
        if (path.contains("?")) for (String kv : path.substring(path.indexOf('?') + 1).split("&")) all.put(kv.split("=")[0], "");
        for (String p : all.keySet()) {
            String indexed = p.replaceAll("\\d+$", "[n]");
            if (!props.has(p) && !props.has(indexed)) problems.add(where + ": sent parameter '" + p + "' is not in the schema");
        }
        LabClient.Resp r = client.callWith(method, base, path, headers, params);
        if (r.status() != 200) {
            problems.add(where + ": HTTP " + r.status() + " " + r.body());
            return null;
        }
        checkShape(where, info.path("returns"), r.data(), "data");
        String tpl = m.route().template();
        if (tpl.contains("/firewall/") || tpl.endsWith("/apt/versions") || tpl.endsWith("/migrate") || tpl.contains("/certificates/")
                || tpl.startsWith("/access/users/") || tpl.equals("/access/acl") || tpl.equals("/storage/{storage}")) {
            checkNoUnknownProperties(where, info.path("returns"), r.data(), "data");
        }
        return r.data();
    }

    /** Firewall, APT, migrate, certificate, token, ACL and storage config routes: every property returned is one the schema names, or the {@code digest} pve-firewall adds. */
    void checkNoUnknownProperties(String where, JsonNode returns, JsonNode v, String at) {
        if (v == null) return;
        if (v.isArray() && returns.has("items")) {
            int i = 0;
            for (JsonNode item : v) checkNoUnknownProperties(where, returns.get("items"), item, at + "[" + i++ + "]");
        } else if (v.isObject() && returns.has("properties")) {
            for (var it = v.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("digest") && !returns.get("properties").has(k)) problems.add(where + ": " + at + " has property '" + k + "' the schema does not name");
            }
        }
    }

    void checkShape(String where, JsonNode returns, JsonNode v, String at) {
        String type = returns.path("type").asText("");
        boolean ok = switch (type) {
            case "null" -> v == null || v.isNull();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean() || v.isIntegralNumber();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            default -> true;
        };
        if (!ok) {
            problems.add(where + ": " + at + " should be " + type + " but is " + v);
            return;
        }
        if (type.equals("object") && returns.has("properties")) {
            for (var it = returns.get("properties").fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().contains("[n]")) continue;
                boolean optional = e.getValue().path("optional").asBoolean(false) || e.getValue().path("optional").asInt(0) == 1;
                if (!optional && !v.has(e.getKey())) problems.add(where + ": " + at + " lacks required property '" + e.getKey() + "'");
            }
        }
        if (type.equals("array") && returns.has("items")) {
            int i = 0;
            for (JsonNode item : v) checkShape(where, returns.get("items"), item, at + "[" + i++ + "]");
        }
    }

    @Test
    void everyRouteReturnsWhatTheSchemaSays() throws Exception {
        JsonNode root = new ObjectMapper().readTree(SchemaFidelityTest.schemaFile().toFile());
        for (JsonNode n : root) index(n, schema);
        try (Lab l = Lab.start(LabOptions.defaults().withStores(1).withBasePort(0).withAdminPort(0).withTimeScale(0).withAuthFailureDelay(Duration.ZERO))) {
            lab = l;
            client = new LabClient(LabApiTest.pins(lab));
            Map<String, String> tok = Map.of("Authorization", lab.credentials(STORE).pveAuthorization());
            URI p1 = lab.pveUri(STORE, "pve1");
            storeRoutes(p1, tok);
            stagingRoutes();
        }
        Set<String> all = new LinkedHashSet<>();
        for (Router.Route r : PveApi.ROUTER.routes()) all.add(r.method() + " " + r.template());
        all.removeAll(covered);
        assertThat(all).as("routes this test does not call").isEmpty();
        assertThat(problems).isEmpty();
    }

    private void storeRoutes(URI p1, Map<String, String> tok) throws Exception {
        call("GET", p1, "/version", tok, null);
        call("GET", p1, "/cluster/status", tok, null);
        call("GET", p1, "/cluster/resources", tok, null);
        call("GET", p1, "/nodes", tok, null);
        call("GET", p1, "/nodes/pve1/status", tok, null);
        for (String t : new String[]{"qemu", "lxc"}) {
            int vmid = t.equals("qemu") ? 101 : 100;
            String g = "/nodes/pve1/" + t + "/" + vmid;
            call("GET", p1, "/nodes/pve1/" + t, tok, null);
            call("GET", p1, g + "/config", tok, null);
            call("PUT", p1, g + "/config", tok, Map.of("description", "shape test"));
            if (t.equals("qemu")) call("POST", p1, g + "/config", tok, Map.of("tags", "shape"));
            call("GET", p1, g + "/status/current", tok, null);
            call("POST", p1, g + "/status/shutdown", tok, Map.of());
            call("POST", p1, g + "/status/start", tok, Map.of());
            call("POST", p1, g + "/status/stop", tok, Map.of());
            call("POST", p1, g + "/status/start", tok, Map.of());
            call("POST", p1, g + "/snapshot", tok, Map.of("snapname", "shape", "description", "x"));
            call("GET", p1, g + "/snapshot", tok, null);
            call("POST", p1, g + "/snapshot/shape/rollback", tok, Map.of());
            call("DELETE", p1, g + "/snapshot/shape", tok, null);
        }
        call("POST", p1, "/nodes/pve1/qemu/101/status/start", tok, Map.of()); // the rollback stopped it
        call("POST", p1, "/nodes/pve1/lxc/100/status/start", tok, Map.of());
        call("GET", p1, "/nodes/pve1/lxc/100/interfaces", tok, null);
        call("POST", p1, "/nodes/pve1/qemu/101/agent/ping", tok, Map.of());
        JsonNode exec = call("POST", p1, "/nodes/pve1/qemu/101/agent/exec", tok, Map.of("command", "uptime"));
        call("GET", p1, "/nodes/pve1/qemu/101/agent/exec-status", tok, Map.of("pid", exec.get("pid").asInt()));
        call("GET", p1, "/nodes/pve1/storage", tok, null);
        JsonNode content = call("GET", p1, "/nodes/pve1/storage/pbs-store/content", tok, Map.of("vmid", 102));
        call("GET", p1, "/storage", tok, null);
        call("POST", p1, "/storage", tok, Map.of("storage", "scratch", "type", "dir", "path", "/srv"));
        JsonNode scratch = call("GET", p1, "/storage/scratch", tok, null);
        call("PUT", p1, "/storage/scratch", tok, Map.of("content", "backup,iso", "disable", 1, "digest", scratch.get("digest").asText()));
        call("DELETE", p1, "/storage/scratch", tok, null);
        LabCredentials c = lab.credentials(STORE); // the pbs storage's token, given again
        call("PUT", p1, "/storage/pbs-store", tok, Map.of("username", c.pbsTokenId(), "password", c.pbsSecret(), "fingerprint", lab.fingerprint(STORE, "pbs")));
        call("GET", p1, "/nodes/pve1/certificates/info", tok, null);
        // a custom certificate for pve2 through pve1, without restarting pveproxy (what pve2 serves stays pinned)
        TestCerts.Issued custom = TestCerts.selfSigned("pve2.shape.example");
        call("POST", p1, "/nodes/pve2/certificates/custom", tok, Map.of("certificates", custom.certPem(), "key", custom.pkcs8(), "force", 0, "restart", 0));
        call("GET", p1, "/nodes/pve2/certificates/info", tok, null);
        call("DELETE", p1, "/nodes/pve2/certificates/custom", tok, Map.of("restart", 0));
        String dump = call("POST", p1, "/nodes/pve1/vzdump", tok, Map.of("vmid", "101", "storage", "pbs-store")).asText();
        call("GET", p1, "/nodes/pve1/tasks", tok, null);
        call("GET", p1, "/nodes/pve1/tasks/" + LabClient.enc(dump), tok, null);
        call("GET", p1, "/nodes/pve1/tasks/" + LabClient.enc(dump) + "/status", tok, null);
        call("GET", p1, "/nodes/pve1/tasks/" + LabClient.enc(dump) + "/log", tok, null);
        call("DELETE", p1, "/nodes/pve1/tasks/" + LabClient.enc(dump), tok, null);
        call("GET", p1, "/cluster/ceph/status", tok, null);
        call("GET", p1, "/nodes/pve1/ceph/status", tok, null);
        call("GET", p1, "/cluster/ceph/flags", tok, null);
        call("PUT", p1, "/cluster/ceph/flags", tok, Map.of("noout", 1));
        call("PUT", p1, "/cluster/ceph/flags/noout", tok, Map.of("value", 0));
        call("GET", p1, "/nodes/pve1/ceph/osd", tok, null);
        call("GET", p1, "/nodes/pve1/ceph/mon", tok, null);
        call("GET", p1, "/nodes/pve1/ceph/mgr", tok, null);
        call("GET", p1, "/nodes/pve1/ceph/pool", tok, null);
        call("POST", p1, "/nodes/pve1/ceph/pool", tok, Map.of("name", "scratch", "size", 3, "min_size", 2, "pg_num", 32));
        call("GET", p1, "/nodes/pve1/disks/list", tok, null);
        call("GET", p1, "/nodes/pve1/network", tok, null);
        call("GET", p1, "/nodes/pve1/network/vmbr0", tok, null);
        call("POST", p1, "/nodes/pve1/network", tok, Map.of("iface", "vmbr3", "type", "bridge", "autostart", 1));
        call("PUT", p1, "/nodes/pve1/network/vmbr3", tok, Map.of("type", "bridge", "comments", "x"));
        call("DELETE", p1, "/nodes/pve1/network", tok, null);
        call("POST", p1, "/nodes/pve1/network", tok, Map.of("iface", "vmbr3", "type", "bridge", "autostart", 1));
        call("PUT", p1, "/nodes/pve1/network", tok, Map.of());
        call("DELETE", p1, "/nodes/pve1/network/vmbr3", tok, null);
        // firewall: cluster options and rules (read and write), a node's and the guests' (read)
        JsonNode fwOptions = call("GET", p1, "/cluster/firewall/options", tok, null);
        call("PUT", p1, "/cluster/firewall/options", tok, Map.of("policy_in", "DROP", "ebtables", 1, "digest", fwOptions.get("digest").asText()));
        call("GET", p1, "/cluster/firewall/rules", tok, null);
        call("POST", p1, "/cluster/firewall/rules", tok, Map.of("type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "443",
                "source", "10.0.0.0/24", "comment", "shape test", "enable", 1, "log", "nolog"));
        JsonNode fwRule = call("GET", p1, "/cluster/firewall/rules/0", tok, null);
        call("PUT", p1, "/cluster/firewall/rules/0", tok, Map.of("comment", "shape test again", "digest", fwRule.get("digest").asText()));
        call("PUT", p1, "/cluster/firewall/rules/0", tok, Map.of("moveto", 1));
        call("DELETE", p1, "/cluster/firewall/rules/1", tok, null);
        call("GET", p1, "/nodes/pve1/firewall/options", tok, null);
        call("GET", p1, "/nodes/pve1/firewall/rules", tok, null);
        call("GET", p1, "/nodes/pve1/qemu/101/firewall/options", tok, null);
        call("GET", p1, "/nodes/pve1/qemu/101/firewall/rules", tok, null);
        call("GET", p1, "/nodes/pve1/lxc/100/firewall/options", tok, null);
        call("GET", p1, "/nodes/pve1/lxc/100/firewall/rules", tok, null);
        // patch wave: packages, guest reboots, migrations, a node reboot (time scale 0: over at once)
        call("GET", p1, "/nodes/pve1/apt/versions", tok, null);
        call("POST", p1, "/nodes/pve1/qemu/101/status/reboot", tok, Map.of("timeout", 60));
        call("POST", p1, "/nodes/pve1/lxc/100/status/reboot", tok, Map.of());
        call("GET", p1, "/nodes/pve2/qemu/102/migrate", tok, Map.of("target", "pve3"));
        call("POST", p1, "/nodes/pve2/qemu/102/migrate", tok, Map.of("target", "pve3", "online", 1, "with-local-disks", 0));
        call("GET", p1, "/nodes/pve2/lxc/103/migrate", tok, null);
        call("POST", p1, "/nodes/pve2/lxc/103/migrate", tok, Map.of("target", "pve3", "restart", 1, "timeout", 120));
        call("POST", p1, "/nodes/pve3/status", tok, Map.of("command", "reboot"));
        call("GET", p1, "/nodes/pve3/qemu/102/config", tok, null); // migrated, and pve3 is back
        // create, restore and destroy guests
        call("POST", p1, "/nodes/pve1/qemu", tok, Map.of("vmid", 300, "name", "scratch", "memory", 1024, "net0", "virtio,bridge=vmbr0"));
        call("DELETE", p1, "/nodes/pve1/qemu/300", tok, null);
        String vm = content.get(0).get("volid").asText();
        call("POST", p1, "/nodes/pve1/qemu", tok, Map.of("vmid", 301, "archive", vm, "storage", "ceph-vm", "unique", 1));
        call("DELETE", p1, "/nodes/pve1/qemu/301", tok, null);
        String ct = client.call("GET", p1, "/nodes/pve1/storage/pbs-store/content?vmid=100", tok.get("Authorization"), null).data().get(0).get("volid").asText();
        call("POST", p1, "/nodes/pve1/lxc", tok, Map.of("vmid", 302, "ostemplate", ct, "restore", 1, "storage", "ceph-vm"));
        call("DELETE", p1, "/nodes/pve1/lxc/302", tok, null);
        // API token rotation: a new token with its ACL entry, then gone again
        String tokens = "/access/users/" + LabClient.enc("edgerun@pve") + "/token";
        call("GET", p1, tokens, tok, null);
        call("POST", p1, tokens + "/shape", tok, Map.of("comment", "shape test", "expire", 0, "privsep", 1));
        call("GET", p1, tokens + "/shape", tok, null);
        call("PUT", p1, tokens + "/shape", tok, Map.of("comment", "shape test again", "expire", 4102444800L, "privsep", 1, "delete", "comment"));
        call("PUT", p1, "/access/acl", tok, Map.of("path", "/", "roles", "PVEAuditor", "tokens", "edgerun@pve!shape", "propagate", 1));
        call("GET", p1, "/access/acl", tok, null);
        call("DELETE", p1, tokens + "/shape", tok, null);
        call("POST", p1, "/access/ticket", Map.of(), Map.of("username", "root@pam", "password", lab.credentials(STORE).rootPassword()));
    }

    private void stagingRoutes() throws Exception {
        LabCredentials cred = lab.credentials(STG);
        Map<String, String> tok = Map.of("Authorization", cred.pveAuthorization());
        for (String n : Lab.STAGING_NODES) lab.reinstall(STG, n);
        URI s1 = lab.pveUri(STG, "stg1"), s2 = lab.pveUri(STG, "stg2");
        Map<String, String> root1 = LabClient.ticketHeaders(call("POST", s1, "/access/ticket", Map.of(), Map.of("username", "root@pam", "password", cred.rootPassword())));
        call("POST", s1, "/cluster/config", root1, Map.of("clustername", "stg-eu"));
        JsonNode join = call("GET", s1, "/cluster/config/join", tok, null);
        Map<String, String> root2 = LabClient.ticketHeaders(call("POST", s2, "/access/ticket", Map.of(), Map.of("username", "root@pam", "password", cred.rootPassword())));
        call("POST", s2, "/cluster/config/join", root2, Map.of("hostname", join.at("/nodelist/0/pve_addr").asText(),
                "fingerprint", join.at("/nodelist/0/pve_fp").asText(), "password", cred.rootPassword()));
        call("GET", s1, "/cluster/config/nodes", tok, null);
        call("POST", s1, "/nodes/stg1/ceph/init", tok, Map.of("network", "10.0.0.0/24"));
        call("POST", s1, "/nodes/stg1/ceph/mon/stg1", tok, Map.of());
        call("POST", s1, "/nodes/stg1/ceph/mgr/stg1", tok, Map.of());
        call("POST", s1, "/nodes/stg1/ceph/osd", root1, Map.of("dev", "/dev/nvme0n1"));
    }
}
