package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgerunbooks.lab.VaultServer.Op;
import dev.edgerunbooks.lab.VaultServer.Reply;
import dev.edgerunbooks.lab.VaultServer.Req;
import dev.edgerunbooks.lab.VaultServer.VaultError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Vault's KV secrets engine, version 2, as mounted at {@code secret/}: {@code data/:path} (read latest or {@code ?version=},
 * write with check-and-set, soft-delete latest), {@code metadata/:path} (read, list, write, delete all),
 * {@code delete|undelete|destroy/:path} (versions). Ten versions are kept per secret unless its metadata says otherwise.
 * Times come from the lab clock. Thread-safe: one lock.
 */
final class VaultKv {
    private static final int DEFAULT_MAX_VERSIONS = 10;

    private static final class Version {
        final Instant created;
        Instant deleted;
        boolean destroyed;
        JsonNode data;

        Version(Instant created, JsonNode data) {
            this.created = created;
            this.data = data;
        }

        /** Soft-deleted: a deletion time that is not in the future. */
        boolean deleted(Instant now) { return deleted != null && !deleted.isAfter(now); }
    }

    private static final class Key {
        long current;
        long oldest;
        Instant created;
        Instant updated;
        int maxVersions;
        boolean casRequired;
        Map<String, String> custom;
        final TreeMap<Long, Version> versions = new TreeMap<>();
    }

    private final TreeMap<String, Key> keys = new TreeMap<>();

    synchronized Reply handle(Req r) {
        String p = r.path();
        int slash = p.indexOf('/');
        if (slash < 0) throw VaultError.unsupportedPath(); // config and subkeys are not served
        String route = p.substring(0, slash);
        String key = p.substring(slash + 1);
        switch (route) {
            case "data" -> {
                if (key.isEmpty() || key.endsWith("/")) throw VaultError.unsupportedPath();
                return switch (r.op()) {
                    case READ -> read(key, r.data(), r.now());
                    case UPDATE -> write(key, r.data(), r.now());
                    case DELETE -> deleteLatest(key, r.now());
                    default -> throw VaultError.unsupportedOperation();
                };
            }
            case "metadata" -> {
                return switch (r.op()) {
                    case READ -> readMetadata(key);
                    case LIST -> list(key);
                    case UPDATE -> writeMetadata(key, r.data(), r.now());
                    case DELETE -> {
                        keys.remove(key);
                        yield Reply.none();
                    }
                };
            }
            case "delete", "undelete", "destroy" -> {
                if (r.op() != Op.UPDATE) throw VaultError.unsupportedOperation();
                return versions(route, key, r.data(), r.now());
            }
            default -> throw VaultError.unsupportedPath();
        }
    }

    private Reply read(String key, ObjectNode in, Instant now) {
        List<String> warnings = VaultServer.ignored(in, "version", "options", "data");
        Key k = keys.get(key);
        if (k == null) throw VaultError.notFound();
        long number = k.current;
        long asked = integer(in.get("version"), "version");
        if (asked > 0) number = asked;
        Version v = k.versions.get(number);
        if (v == null) throw VaultError.notFound();
        Map<String, Object> data = new TreeMap<>();
        data.put("data", null);
        data.put("metadata", versionMetadata(k, number, v));
        // a deleted or destroyed version: its metadata with a 404
        if (v.deleted(now) || v.destroyed) return Reply.withStatus(404, data);
        data.put("data", v.data);
        return Reply.ok(data, warnings);
    }

    private static Map<String, Object> versionMetadata(Key k, long number, Version v) {
        Map<String, Object> m = new TreeMap<>();
        m.put("created_time", VaultServer.rfc3339(v.created));
        m.put("custom_metadata", k.custom);
        m.put("deletion_time", VaultServer.rfc3339(v.deleted));
        m.put("destroyed", v.destroyed);
        m.put("version", number);
        return m;
    }

    private Reply write(String key, ObjectNode in, Instant now) {
        List<String> warnings = VaultServer.ignored(in, "version", "options", "data");
        JsonNode data = in.get("data");
        if (data == null || data.isNull()) throw VaultError.bad("no data provided");
        if (!data.isObject()) throw conversion(data, "data", "map");
        Key k = keys.get(key);
        Key meta = k != null ? k : new Key();
        checkAndSet(in, meta);
        meta.current++;
        Version v = new Version(now, data.deepCopy());
        meta.versions.put(meta.current, v);
        meta.updated = now;
        if (meta.created == null) meta.created = now;
        int max = meta.maxVersions > 0 ? meta.maxVersions : DEFAULT_MAX_VERSIONS;
        if (meta.current - meta.oldest >= max) { // the oldest versions beyond the window go for good
            long last = meta.current - max;
            for (long i = meta.oldest; i <= last; i++) meta.versions.remove(i);
            meta.oldest = last + 1;
        }
        keys.put(key, meta);
        Map<String, Object> m = versionMetadata(meta, meta.current, v);
        return Reply.ok(m, warnings);
    }

    private static void checkAndSet(ObjectNode in, Key meta) {
        JsonNode options = in.get("options");
        if (options != null && !options.isNull() && !options.isObject()) throw conversion(options, "options", "map");
        JsonNode cas = options == null ? null : options.get("cas");
        if (cas != null) {
            long v;
            try {
                v = weakInteger(cas);
            } catch (NumberFormatException e) {
                throw VaultError.bad("error parsing check-and-set parameter");
            }
            if (v != meta.current) throw VaultError.bad("check-and-set parameter did not match the current version");
        } else if (meta.casRequired) {
            throw VaultError.bad("check-and-set parameter required for this call");
        }
    }

    private Reply deleteLatest(String key, Instant now) {
        Key k = keys.get(key);
        Version v = k == null ? null : k.versions.get(k.current);
        if (v != null && !v.destroyed && !v.deleted(now)) v.deleted = now;
        return Reply.none();
    }

    private Reply readMetadata(String key) {
        Key k = keys.get(key);
        if (k == null) throw VaultError.notFound();
        Map<String, Object> versions = new TreeMap<>(); // string keys, in Vault's (Go's) order
        k.versions.forEach((n, v) -> {
            Map<String, Object> e = new TreeMap<>();
            e.put("created_time", VaultServer.rfc3339(v.created));
            e.put("deletion_time", VaultServer.rfc3339(v.deleted));
            e.put("destroyed", v.destroyed);
            versions.put(Long.toString(n), e);
        });
        Map<String, Object> m = new TreeMap<>();
        m.put("cas_required", k.casRequired);
        m.put("created_time", VaultServer.rfc3339(k.created));
        m.put("current_version", k.current);
        m.put("custom_metadata", k.custom);
        m.put("delete_version_after", "0s");
        m.put("max_versions", k.maxVersions);
        m.put("oldest_version", k.oldest);
        m.put("updated_time", VaultServer.rfc3339(k.updated));
        m.put("versions", versions);
        return Reply.ok(m);
    }

    /** The keys right under a folder ({@code ""} is the top): secrets by name, sub-folders with a trailing slash. */
    private Reply list(String folder) {
        TreeSet<String> children = new TreeSet<>();
        for (String k : keys.tailMap(folder, true).keySet()) {
            if (!k.startsWith(folder)) break;
            String rest = k.substring(folder.length());
            int i = rest.indexOf('/');
            children.add(i < 0 ? rest : rest.substring(0, i + 1));
        }
        children.remove("");
        if (children.isEmpty()) throw VaultError.notFound();
        return Reply.ok(Map.of("keys", List.copyOf(children)));
    }

    private Reply writeMetadata(String key, ObjectNode in, Instant now) {
        if (key.isEmpty()) throw VaultError.bad("missing path");
        List<String> warnings = VaultServer.ignored(in, "max_versions", "cas_required", "delete_version_after", "custom_metadata");
        JsonNode max = in.get("max_versions"), cas = in.get("cas_required"), after = in.get("delete_version_after"),
                custom = in.get("custom_metadata");
        if (max == null && cas == null && after == null && custom == null) return Reply.none(warnings);
        Map<String, String> customMap = null;
        if (custom != null) {
            if (!custom.isObject()) throw conversion(custom, "custom_metadata", "map");
            customMap = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = custom.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                customMap.put(e.getKey(), v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
            }
        }
        if (after != null && !after.asText().matches("0|0s|")) {
            throw VaultError.bad("the lab's Vault does not delete versions after a time: delete_version_after must be 0s");
        }
        Key k = keys.get(key);
        if (k == null) {
            k = new Key();
            k.created = now;
            k.updated = now;
            keys.put(key, k);
        }
        if (max != null) k.maxVersions = (int) integer(max, "max_versions");
        if (cas != null) k.casRequired = cas.isBoolean() ? cas.booleanValue() : Boolean.parseBoolean(cas.asText());
        if (customMap != null) k.custom = customMap;
        return Reply.none(warnings);
    }

    /** {@code delete/}, {@code undelete/}, {@code destroy/}: {@code {"versions": [1, 2]}} (or {@code "1,2"}). */
    private Reply versions(String route, String key, ObjectNode in, Instant now) {
        List<String> warnings = VaultServer.ignored(in, "versions");
        List<Long> numbers = versionList(in.get("versions"));
        if (numbers.isEmpty()) {
            throw VaultError.bad(route.equals("destroy") ? "no version number provided" : "No version number provided");
        }
        Key k = keys.get(key);
        if (k != null) {
            for (long n : numbers) {
                Version v = k.versions.get(n);
                if (v == null || v.destroyed) continue;
                switch (route) {
                    case "delete" -> {
                        if (!v.deleted(now)) v.deleted = now;
                    }
                    case "undelete" -> v.deleted = null;
                    default -> {
                        v.destroyed = true;
                        v.data = null;
                    }
                }
            }
        }
        return Reply.none(warnings);
    }

    private static List<Long> versionList(JsonNode n) {
        List<Long> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        List<JsonNode> items = new ArrayList<>();
        if (n.isArray()) n.forEach(items::add);
        else items.add(n);
        for (JsonNode item : items) {
            if (item.isTextual()) {
                for (String part : item.asText().split(",")) if (!part.isBlank()) out.add(integer(VaultServer.JSON.getNodeFactory().textNode(part.trim()), "versions"));
            } else {
                out.add(integer(item, "versions"));
            }
        }
        return out;
    }

    /** An integer field, weakly decoded like Vault's (a number or a numeric string); absent is 0. */
    private static long integer(JsonNode n, String field) {
        if (n == null || n.isNull()) return 0;
        try {
            return weakInteger(n);
        } catch (NumberFormatException e) {
            throw conversion(n, field, "int");
        }
    }

    private static long weakInteger(JsonNode n) {
        if (n.isIntegralNumber()) return n.longValue();
        if (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue())) return (long) n.doubleValue();
        if (n.isTextual()) return Long.parseLong(n.asText().trim());
        if (n.isBoolean()) return n.booleanValue() ? 1 : 0;
        throw new NumberFormatException(n.toString());
    }

    static VaultError conversion(JsonNode value, String field, String type) {
        String shown = value.isTextual() ? value.asText() : value.toString();
        return VaultError.bad("error converting input " + shown + " for field \"" + field + "\": expected " + type);
    }
}
