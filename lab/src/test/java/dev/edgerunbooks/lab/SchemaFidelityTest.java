package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Every PVE route the lab serves exists in the official schema with the same required parameters. */
class SchemaFidelityTest {

    static Path schemaFile() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path p = d.resolve("../shared/reference/pve-api-schema.json").normalize();
            if (Files.isRegularFile(p)) return p;
        }
        return fail("pve-api-schema.json not found: walked up from " + dir + " looking for ../shared/reference/pve-api-schema.json next to the repository root");
    }

    /** The schema's nodes by path. */
    static Map<String, JsonNode> schemaPaths() throws java.io.IOException {
        Map<String, JsonNode> paths = new HashMap<>();
        for (JsonNode n : new ObjectMapper().readTree(schemaFile().toFile())) index(n, paths);
        return paths;
    }

    static void index(JsonNode n, Map<String, JsonNode> out) {
        out.put(n.get("path").asText(), n);
        if (n.has("children")) for (JsonNode c : n.get("children")) index(c, out);
    }

    @Test
    void everyRouteMatchesTheSchema() throws Exception {
        JsonNode root = new ObjectMapper().readTree(schemaFile().toFile());
        Map<String, JsonNode> paths = new HashMap<>();
        for (JsonNode n : root) index(n, paths);
        List<String> problems = new ArrayList<>();
        assertThat(PveApi.ROUTER.routes()).hasSizeGreaterThan(40);
        for (Router.Route r : PveApi.ROUTER.routes()) {
            String where = r.method() + " " + r.template();
            JsonNode node = paths.get(r.template());
            if (node == null) {
                problems.add(where + ": path not in schema");
                continue;
            }
            JsonNode info = node.path("info").get(r.method());
            if (info == null) {
                problems.add(where + ": method not in schema");
                continue;
            }
            Set<String> schemaRequired = new TreeSet<>();
            JsonNode props = info.path("parameters").path("properties");
            for (var it = props.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().path("optional").asBoolean(false) && e.getValue().path("optional").asInt(0) == 0) schemaRequired.add(e.getKey());
            }
            Set<String> pathParams = r.pathParams();
            for (String p : pathParams) if (!props.has(p)) problems.add(where + ": path parameter {" + p + "} unknown to the schema");
            Set<String> labRequired = new TreeSet<>(r.required());
            labRequired.removeAll(pathParams);
            schemaRequired.removeAll(pathParams);
            if (!labRequired.equals(schemaRequired)) {
                problems.add(where + ": lab requires " + labRequired + " but the schema requires " + schemaRequired);
            }
            for (String p : labRequired) if (!props.has(p)) problems.add(where + ": lab requires unknown parameter " + p);
            // no permissions in the schema = root@pam only
            if (r.rootOnly() == info.has("permissions")) {
                problems.add(where + ": lab " + (r.rootOnly() ? "allows only root" : "allows tokens") + " but the schema "
                        + (info.has("permissions") ? "has permissions " + info.get("permissions") : "has no permissions (root only)"));
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * The firewall routes check every parameter before they run (PVE's schema allows no others): the lab's declarations must be
     * the schema's, name by name, with the same type, enumeration, minimum, length limits, pattern and format.
     */
    @Test
    void firewallParametersAreTheSchemas() throws Exception {
        JsonNode root = new ObjectMapper().readTree(schemaFile().toFile());
        Map<String, JsonNode> paths = new HashMap<>();
        for (JsonNode n : root) index(n, paths);
        List<String> problems = new ArrayList<>();
        assertThat(PveApi.ROUTER.routes()).isNotEmpty(); // registers the routes (and their declarations)
        assertThat(FirewallApi.routes()).contains("GET /cluster/firewall/options", "PUT /cluster/firewall/options",
                "GET /cluster/firewall/rules", "POST /cluster/firewall/rules", "GET /cluster/firewall/rules/{pos}",
                "PUT /cluster/firewall/rules/{pos}", "DELETE /cluster/firewall/rules/{pos}", "GET /nodes/{node}/firewall/options",
                "GET /nodes/{node}/firewall/rules", "GET /nodes/{node}/qemu/{vmid}/firewall/options",
                "GET /nodes/{node}/qemu/{vmid}/firewall/rules", "GET /nodes/{node}/lxc/{vmid}/firewall/options",
                "GET /nodes/{node}/lxc/{vmid}/firewall/rules");
        for (String route : FirewallApi.routes()) {
            String method = route.substring(0, route.indexOf(' ')), template = route.substring(route.indexOf(' ') + 1);
            Router.Match m = PveApi.ROUTER.match(method, template.replace("{node}", "pve1").replace("{vmid}", "101").replace("{pos}", "0"));
            assertThat(m).as(route + " is served").isNotNull();
            assertThat(m.route().template()).isEqualTo(template);
            JsonNode props = paths.get(template).path("info").path(method).path("parameters").path("properties");
            Map<String, FirewallApi.Param> lab = FirewallApi.spec(method, template);
            Set<String> schemaNames = new TreeSet<>();
            props.fieldNames().forEachRemaining(schemaNames::add);
            schemaNames.removeAll(m.route().pathParams());
            if (!schemaNames.equals(new TreeSet<>(lab.keySet()))) {
                problems.add(route + ": lab takes " + new TreeSet<>(lab.keySet()) + " but the schema " + schemaNames);
            }
            for (Map.Entry<String, FirewallApi.Param> e : lab.entrySet()) {
                JsonNode s = props.path(e.getKey());
                FirewallApi.Param p = e.getValue();
                String where = route + " " + e.getKey() + ": ";
                declaration(problems, where, s, p);
                JsonNode f = s.path("format");
                if (f.isTextual()) same(problems, where + "format", f.asText(), p.format());
                else if (f.isObject() && p.format() == null) problems.add(where + "the schema gives a property-string format the lab does not check");
                else if (f.isMissingNode() && p.format() != null) problems.add(where + "the lab checks format " + p.format() + " the schema does not have");
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * The routes of the patch-wave runbook are served, and the parameters their handlers read exist in the schema with the type
     * the lab parses them as (the first test covers the required ones).
     */
    @Test
    void patchWaveRoutesReadTheSchemasParameters() throws Exception {
        JsonNode root = new ObjectMapper().readTree(schemaFile().toFile());
        Map<String, JsonNode> paths = new HashMap<>();
        for (JsonNode n : root) index(n, paths);
        Map<String, Map<String, String>> read = new java.util.LinkedHashMap<>();
        read.put("POST /nodes/{node}/qemu/{vmid}/migrate", Map.of("target", "string", "online", "boolean", "with-local-disks", "boolean",
                "force", "boolean", "migration_type", "string", "migration_network", "string"));
        read.put("POST /nodes/{node}/lxc/{vmid}/migrate", Map.of("target", "string", "online", "boolean", "restart", "boolean", "timeout", "integer"));
        read.put("GET /nodes/{node}/qemu/{vmid}/migrate", Map.of("vmid", "integer"));
        read.put("GET /nodes/{node}/lxc/{vmid}/migrate", Map.of("vmid", "integer"));
        read.put("POST /nodes/{node}/status", Map.of("command", "string"));
        read.put("GET /nodes/{node}/apt/versions", Map.of("node", "string"));
        read.put("POST /nodes/{node}/qemu/{vmid}/status/reboot", Map.of("vmid", "integer"));
        read.put("POST /nodes/{node}/lxc/{vmid}/status/reboot", Map.of("vmid", "integer"));
        read.put("POST /nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback", Map.of("start", "boolean"));
        read.put("POST /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback", Map.of("start", "boolean"));
        List<String> problems = readProblems(paths, read);
        JsonNode command = paths.get("/nodes/{node}/status").path("info").path("POST").path("parameters").path("properties").path("command");
        assertThat(command.path("enum").toString()).isEqualTo("[\"reboot\",\"shutdown\"]");
        assertThat(problems).isEmpty();
    }

    /** Routes not served, or parameters their handlers read that are not in the schema or have another type there. */
    private static List<String> readProblems(Map<String, JsonNode> paths, Map<String, Map<String, String>> read) {
        Set<String> served = new TreeSet<>();
        for (Router.Route r : PveApi.ROUTER.routes()) served.add(r.method() + " " + r.template());
        List<String> problems = new ArrayList<>();
        read.forEach((route, params) -> {
            if (!served.contains(route)) problems.add(route + ": not served");
            String method = route.substring(0, route.indexOf(' ')), template = route.substring(route.indexOf(' ') + 1);
            JsonNode props = paths.get(template).path("info").path(method).path("parameters").path("properties");
            params.forEach((name, type) -> {
                if (!props.has(name)) problems.add(route + ": reads '" + name + "', not in the schema");
                else if (!props.get(name).path("type").asText().equals(type)) {
                    problems.add(route + ": reads '" + name + "' as " + type + " but the schema says " + props.get(name).path("type"));
                }
            });
        });
        return problems;
    }

    /** The rotation routes (certificates, API tokens, ACLs) read the schema's parameters with the schema's types. */
    @Test
    void rotationRoutesReadTheSchemasParameters() throws Exception {
        Map<String, JsonNode> paths = schemaPaths();
        Map<String, Map<String, String>> read = new java.util.LinkedHashMap<>();
        read.put("GET /nodes/{node}/certificates/info", Map.of("node", "string"));
        read.put("POST /nodes/{node}/certificates/custom", Map.of("certificates", "string", "key", "string", "force", "boolean", "restart", "boolean"));
        read.put("DELETE /nodes/{node}/certificates/custom", Map.of("restart", "boolean"));
        String token = "/access/users/{userid}/token/{tokenid}";
        read.put("GET /access/users/{userid}/token", Map.of("userid", "string"));
        read.put("GET " + token, Map.of("userid", "string", "tokenid", "string"));
        read.put("POST " + token, Map.of("userid", "string", "tokenid", "string", "comment", "string", "expire", "integer", "privsep", "boolean"));
        read.put("PUT " + token, Map.of("comment", "string", "expire", "integer", "privsep", "boolean", "delete", "string"));
        read.put("DELETE " + token, Map.of("userid", "string", "tokenid", "string"));
        read.put("PUT /access/acl", Map.of("path", "string", "roles", "string", "users", "string", "groups", "string", "tokens", "string",
                "propagate", "boolean", "delete", "boolean"));
        assertThat(readProblems(paths, read)).isEmpty();
    }

    /** Where a parameter the lab declares differs from the schema's: type, enumeration, minimum, length limits, pattern. */
    private static void declaration(List<String> problems, String where, JsonNode s, FirewallApi.Param p) {
        if (!s.path("type").asText().equals(p.type())) problems.add(where + "type " + p.type() + " but the schema says " + s.path("type"));
        List<String> schemaEnum = new ArrayList<>();
        s.path("enum").forEach(x -> schemaEnum.add(x.asText()));
        if (!schemaEnum.equals(p.enumeration() == null ? List.of() : p.enumeration())) {
            problems.add(where + "enumeration " + p.enumeration() + " but the schema says " + schemaEnum);
        }
        same(problems, where + "minimum", s.has("minimum") ? s.get("minimum").asInt() : null, p.minimum());
        same(problems, where + "minLength", s.has("minLength") ? s.get("minLength").asInt() : null, p.minLength());
        same(problems, where + "maxLength", s.has("maxLength") ? s.get("maxLength").asInt() : null, p.maxLength());
        same(problems, where + "pattern", s.has("pattern") ? s.get("pattern").asText() : null, p.pattern());
    }

    /**
     * {@code PUT /storage/{storage}} checks every parameter against the schema before it runs: the lab's declarations are the schema's,
     * name by name (type, enumeration, limits, pattern; formats but {@code delete}'s are not checked). The options of the storage types
     * it knows are parameters of the schema's create or update call, and what it keeps apart (sensitive) is an option of the type.
     */
    @Test
    void storageUpdateParametersAreTheSchemas() throws Exception {
        Map<String, JsonNode> paths = schemaPaths();
        assertThat(PveApi.ROUTER.routes()).isNotEmpty(); // registers the routes
        JsonNode update = paths.get("/storage/{storage}").path("info").path("PUT").path("parameters").path("properties");
        JsonNode create = paths.get("/storage").path("info").path("POST").path("parameters").path("properties");
        List<String> problems = new ArrayList<>();
        Set<String> schemaNames = new TreeSet<>();
        update.fieldNames().forEachRemaining(schemaNames::add);
        schemaNames.remove("storage");
        assertThat(new TreeSet<>(StorageApi.UPDATE_PARAMS.keySet())).isEqualTo(schemaNames);
        StorageApi.UPDATE_PARAMS.forEach((name, p) -> {
            JsonNode s = update.path(name);
            declaration(problems, "PUT /storage/{storage} " + name + ": ", s, p);
            same(problems, name + " maximum", s.has("maximum") ? s.get("maximum").asInt() : null, StorageApi.MAXIMA.get(name));
        });
        StorageApi.OPTIONS.forEach((type, options) -> options.forEach((name, o) -> {
            if (!update.has(name) && !create.has(name)) problems.add(type + " option " + name + " is no parameter of the schema");
            if (!update.has(name) && !o.fixed()) problems.add(type + " option " + name + " cannot be updated but the lab does not fix it");
        }));
        StorageApi.SENSITIVE.forEach((type, names) -> {
            for (String n : names) if (!StorageApi.OPTIONS.get(type).containsKey(n)) problems.add(type + " keeps " + n + " apart but has no such option");
        });
        assertThat(problems).isEmpty();
    }

    private static void same(List<String> problems, String what, Object schema, Object lab) {
        if (!java.util.Objects.equals(schema, lab)) problems.add(what + " is " + lab + " in the lab but " + schema + " in the schema");
    }
}
