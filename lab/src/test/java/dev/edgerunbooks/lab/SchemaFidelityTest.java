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
}
