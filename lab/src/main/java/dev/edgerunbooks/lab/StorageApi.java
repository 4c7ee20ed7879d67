package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.FirewallApi.Param;
import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.Cluster;
import dev.edgerunbooks.lab.Site.Storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.edgerunbooks.lab.PveApi.map;

/**
 * Storage configuration updates ({@code PUT /storage/{storage}}, pve-storage's {@code API2/Storage/Config.pm}) and how PVE reaches the
 * Proxmox Backup Server behind a storage of type {@code pbs} ({@code PBSPlugin.pm}): every backup to it, listing of its content and
 * restore from it logs in with the storage's {@code username} and the password PVE keeps in {@code /etc/pve/priv/storage/<id>.pw},
 * checked against that PBS's token registry at that moment. Deleting or expiring the token the storage holds breaks them until the
 * storage is updated with a valid one.
 */
final class StorageApi {
    private StorageApi() {}

    /** Nominal seconds until a task that cannot reach its PBS fails (storage activation, or the backup client's first request). */
    static final double PBS_FAILURE_SECONDS = 2;
    static final int PBS_DEFAULT_PORT = 8007;

    /** An option of a storage type (its plugin's {@code options}): a fixed one cannot change, a required one cannot be deleted. */
    record Option(boolean optional, boolean fixed) {}

    /** {@code PUT /storage/{storage}}'s parameters as the schema declares them (all types together), but {@code storage}. */
    static final Map<String, Param> UPDATE_PARAMS = updateParams();
    /** Maxima the schema gives (the firewall's {@link Param} has none). */
    static final Map<String, Integer> MAXIMA = Map.of("port", 65535);

    /** The options of the storage types the lab has (PVE 9's {@code PBSPlugin}, {@code DirPlugin}, {@code RBDPlugin}). */
    static final Map<String, Map<String, Option>> OPTIONS = Map.of(
            "pbs", options("server datastore", "namespace port nodes disable content username password encryption-key master-pubkey "
                    + "prune-backups max-protected-backups fingerprint", ""),
            "dir", options("path", "content-dirs nodes shared disable prune-backups max-protected-backups content format mkdir "
                    + "create-base-path create-subdirs is_mountpoint bwlimit preallocation", "snapshot-as-volume-chain"),
            "rbd", options("", "nodes disable monhost pool data-pool namespace username content krbd keyring bwlimit", ""));
    /**
     * Options PVE keeps out of {@code storage.cfg} (a plugin's {@code sensitive-properties}): never shown. Types the lab has no
     * options for keep every one of them apart.
     */
    static final Map<String, Set<String>> SENSITIVE = Map.of("pbs", Set.of("password", "encryption-key", "master-pubkey"),
            "dir", Set.of(), "rbd", Set.of("keyring"));
    static final Set<String> ANY_SENSITIVE = Set.of("password", "encryption-key", "master-pubkey", "keyring");
    /** Content types a storage type supports, and what it has when none is configured ({@code plugindata content}). */
    static final Map<String, List<String>> CONTENT = Map.of("pbs", List.of("backup", "none"),
            "dir", List.of("images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import", "none"), "rbd", List.of("images", "rootdir"));
    static final Map<String, String> DEFAULT_CONTENT = Map.of("pbs", "backup", "dir", "images,rootdir", "rbd", "images");

    private static Map<String, Option> options(String required, String optional, String optionalFixed) {
        Map<String, Option> m = new TreeMap<>();
        for (String k : FirewallApi.splitList(required)) m.put(k, new Option(false, true));
        for (String k : FirewallApi.splitList(optional)) m.put(k, new Option(true, false));
        for (String k : FirewallApi.splitList(optionalFixed)) m.put(k, new Option(true, true));
        return m;
    }

    private static Map<String, Param> updateParams() {
        Map<String, Param> m = new TreeMap<>();
        for (String k : FirewallApi.splitList("blocksize bwlimit comstar_hg comstar_tg content content-dirs data-pool encryption-key fs-name "
                + "is_mountpoint keyring lio_tpg master-pubkey monhost mountpoint namespace nodes options pool prune-backups "
                + "saferemove_throughput server subdir username zfs-base-path")) {
            m.put(k, Param.string());
        }
        for (String k : FirewallApi.splitList("create-base-path create-subdirs disable fuse krbd mkdir nocow nowritecache saferemove shared "
                + "skip-cert-verification snapshot-as-volume-chain sparse tagged_only")) {
            m.put(k, Param.bool());
        }
        m.put("delete", Param.formatted("pve-configid-list", 4096));
        m.put("digest", new Param("string", null, null, null, 64, null, null));
        m.put("domain", new Param("string", null, null, null, 256, null, null));
        m.put("password", new Param("string", null, null, null, 256, null, null));
        m.put("fingerprint", new Param("string", null, null, null, null, "([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}", null));
        m.put("format", Param.oneOf(List.of("raw", "qcow2", "subvol", "vmdk")));
        m.put("preallocation", Param.oneOf(List.of("off", "metadata", "falloc", "full")));
        m.put("smbversion", Param.oneOf(List.of("default", "2.0", "2.1", "3", "3.0", "3.11")));
        m.put("max-protected-backups", Param.integer(-1));
        m.put("port", Param.integer(1));
        m.put("saferemove-stepsize", new Param("integer", List.of("1", "2", "4", "8", "16", "32"), null, null, null, null, null));
        return m;
    }

    static void register(Router r) {
        r.add("PUT", "/storage/{storage}", StorageApi::update, "storage");
    }

    // ---------------------------------------------------------------- PUT /storage/{storage}

    /** The digest of the cluster's {@code storage.cfg} (SHA-1 of the file, as PVE's section config): passwords are not in it. */
    static String digest(Cluster c) {
        StringBuilder b = new StringBuilder();
        for (Storage st : c.storages.values()) {
            b.append(st.type).append(": ").append(st.id).append("\n\tcontent ").append(st.content).append('\n');
            new TreeMap<>(st.config).forEach((k, v) -> b.append('\t').append(k).append(' ').append(v).append('\n'));
            b.append('\n');
        }
        return FirewallApi.sha1Hex(b.toString());
    }

    /** A refusal inside PVE's storage config lock: {@code update storage failed: …}. */
    private static ApiException failed(String msg) {
        return ApiException.fail("update storage failed: " + msg);
    }

    /**
     * {@code PUT /storage/{storage}}: checks like {@code update} of {@code Config.pm} (the digest, then every option against the
     * type's: fixed ones refused, others unexpected; then the deletions), keeps sensitive options apart (a pbs storage's password,
     * its encryption key), sets and deletes the rest. Nothing is checked against the PBS: a wrong password shows at the next backup.
     */
    static Object update(Request q) {
        FirewallApi.checkParams(q, UPDATE_PARAMS);
        MAXIMA.forEach((k, max) -> {
            if (q.p(k) != null && Long.parseLong(q.p(k).trim()) > max) throw ApiException.param(k, "value must have a maximum value of " + max);
        });
        Site s = q.site();
        Cluster c = q.cluster();
        String id = q.p("storage"), digest = q.p("digest");
        List<String> delete = FirewallApi.splitList(q.p("delete", ""));
        if (digest != null && !digest.isEmpty() && !digest.equals(digest(c))) {
            throw failed("detected modified configuration - file changed by other user? Try again.");
        }
        Storage st = c.storages.get(id);
        if (st == null) throw failed("storage '" + id + "' does not exist");
        Map<String, Option> opts = OPTIONS.get(st.type);
        Set<String> sensitiveKeys = SENSITIVE.getOrDefault(st.type, ANY_SENSITIVE);
        Map<String, String> sensitive = new LinkedHashMap<>(), set = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            String k = e.getKey();
            if (k.equals("storage") || k.equals("digest") || k.equals("delete")) continue;
            if (sensitiveKeys.contains(k)) {
                sensitive.put(k, e.getValue());
                continue;
            }
            Option o = opts == null ? new Option(true, false) : opts.get(k);
            if (o == null) throw failed("unexpected property '" + k + "'");
            if (o.fixed()) throw failed("can't change value of fixed parameter '" + k + "'");
            set.put(k, k.equals("content") ? content(st.type, e.getValue()) : e.getValue());
        }
        for (String k : delete) {
            Option o = opts == null ? new Option(true, false) : opts.get(k);
            if (o == null) throw failed("no such option '" + k + "'");
            if (!o.optional()) throw failed("unable to delete required option '" + k + "'");
            if (o.fixed()) throw failed("unable to delete fixed option '" + k + "'");
            if (set.containsKey(k)) throw failed("cannot set and delete property '" + k + "' at the same time!");
        }
        Map<String, Object> returned = updateSensitive(s, st, sensitive, delete);
        for (String k : delete) {
            if (k.equals("content")) st.content = DEFAULT_CONTENT.getOrDefault(st.type, "images");
            if (k.equals("shared")) st.shared = false;
            st.config.remove(k);
        }
        set.forEach((k, v) -> {
            Param p = UPDATE_PARAMS.get(k);
            if (k.equals("content")) st.content = v;
            else st.config.put(k, p.type().equals("string") ? v : Integer.valueOf(v.trim()));
            if (k.equals("shared")) st.shared = v.equals("1");
        });
        if (st.type.equals("pbs") && (set.containsKey("port") || delete.contains("port"))) st.pbsSite = s.lab.siteByPbsPort(port(st));
        s.countOperation("update-storage", id);
        return map("storage", id, "type", st.type, "config", returned.isEmpty() ? null : returned);
    }

    /** A {@code content} value as the type takes it ({@code decode_value}): unsupported types dropped, none alone, sorted. */
    static String content(String type, String value) {
        List<String> valid = CONTENT.get(type);
        List<String> l = new ArrayList<>();
        for (String ct : FirewallApi.splitList(value)) {
            if ((valid == null || valid.contains(ct)) && !l.contains(ct)) l.add(ct); // PVE warns about the others and drops them
        }
        if (l.contains("none") && l.size() > 1) throw failed("unable to combine 'none' with other content types");
        if (l.isEmpty() && valid != null && !valid.contains("none")) throw failed("storage does not support content type 'none'");
        l.sort(null);
        return l.isEmpty() ? "none" : String.join(",", l);
    }

    /**
     * The sensitive options given or deleted ({@code on_update_hook}): a pbs storage's password file, its encryption key (kept by
     * fingerprint; {@code autogen} makes one) and master public key; an rbd keyring. Returns what PVE hands back ({@code config}).
     */
    private static Map<String, Object> updateSensitive(Site s, Storage st, Map<String, String> given, List<String> delete) {
        Map<String, Object> returned = new LinkedHashMap<>();
        if (given.containsKey("password")) st.password = given.get("password");
        else if (delete.contains("password")) st.password = null;
        String key = given.get("encryption-key");
        if (key != null) {
            String json = key.equals("autogen") ? newEncryptionKey(s, st) : key;
            com.fasterxml.jackson.databind.JsonNode n;
            try {
                n = NodeServer.JSON.readTree(json);
            } catch (Exception e) {
                n = null;
            }
            if (n == null || !n.isObject() || !n.has("data")) throw failed("Value does not seems like a valid, JSON formatted encryption key!");
            st.config.put("encryption-key", n.hasNonNull("fingerprint") ? n.get("fingerprint").asText() : "1");
            returned.put("encryption-key", json);
        } else if (delete.contains("encryption-key")) {
            st.config.remove("encryption-key");
        }
        if (given.containsKey("master-pubkey")) st.config.put("master-pubkey", 1);
        return returned;
    }

    /** What {@code proxmox-backup-client key create --kdf none} writes: a key without passphrase, named by its fingerprint. */
    private static String newEncryptionKey(Site s, Storage st) {
        byte[] key = Certs.sha256("pbs-key|" + s.id + "|" + st.id + "|" + s.clock().millis());
        String created = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(s.clock().instant().atOffset(java.time.ZoneOffset.UTC));
        String fingerprint = java.util.HexFormat.ofDelimiter(":").formatHex(Certs.sha256("fingerprint|" + java.util.Base64.getEncoder().encodeToString(key)));
        return "{\"kdf\":null,\"created\":\"" + created + "\",\"modified\":\"" + created + "\",\"data\":\""
                + java.util.Base64.getEncoder().encodeToString(key) + "\",\"fingerprint\":\"" + fingerprint + "\"}";
    }

    // ---------------------------------------------------------------- PBS connection of a pbs storage

    /**
     * Why PVE cannot use the PBS behind a pbs storage now: what activating the storage dies with ({@code <id>: error fetching
     * datastores - …}) and what {@code proxmox-backup-client} prints (restores).
     */
    record PbsFailure(String activation, String client) {}

    static int port(Storage st) {
        Object p = st.config.get("port");
        return p == null ? PBS_DEFAULT_PORT : Integer.parseInt(p.toString());
    }

    /** {@code PVE::PBSClient::get_repository}: {@code user@server[:port]:datastore}. */
    static String repository(Storage st) {
        int port = port(st);
        return st.config.getOrDefault("username", Site.ROOT) + "@" + st.config.get("server") + (port == PBS_DEFAULT_PORT ? "" : ":" + port)
                + ":" + st.config.get("datastore");
    }

    /**
     * What logging in to the storage's PBS gives now ({@code scan_datastores} of {@code activate_storage}): nothing listens at its
     * port, the certificate is not the pinned {@code fingerprint}, the {@code username} (a token id) and password are not a valid
     * token of that PBS (unknown, wrong secret, expired, disabled: {@code 401}), or the token has no privileges (its datastore list
     * is empty); null when it works.
     */
    static PbsFailure pbsFailure(Storage st) {
        Site pbs = st.pbsSite;
        if (pbs == null) {
            return fetching(st, "500 Can't connect to " + st.config.get("server") + ":" + port(st) + " (Connection refused)",
                    "Error: error trying to connect: tcp connect error: Connection refused (os error 111)");
        }
        String served = pbs.pbsServer.cert.fingerprint();
        Object pinned = st.config.get("fingerprint");
        if (pinned == null || !served.equalsIgnoreCase(pinned.toString())) {
            return fetching(st, "fingerprint '" + served + "' not verified, abort!",
                    "Error: error trying to connect: the handshake failed: certificate verify failed");
        }
        String datastore = String.valueOf(st.config.get("datastore"));
        synchronized (pbs) { // the PBS's token registry (maybe another site's PBS)
            Access a = pbs.pbsAccess;
            String authId = a.authenticate(String.valueOf(st.config.getOrDefault("username", Site.ROOT)), st.password, pbs.nowEpoch());
            if (authId == null) return fetching(st, "401 Unauthorized", "Error: authentication failed - invalid credentials");
            if (!a.privileged(authId) || !datastore.equals(Site.DATASTORE) && !datastore.equals(Site.OFFSITE)) {
                return new PbsFailure(st.id + ": Cannot find datastore '" + datastore + "', check permissions and existence!",
                        "Error: permission check failed");
            }
        }
        return null;
    }

    private static PbsFailure fetching(Storage st, String error, String client) {
        return new PbsFailure(st.id + ": error fetching datastores - " + error, client);
    }

    static boolean disabled(Storage st) { return "1".equals(String.valueOf(st.config.get("disable"))); }

    /** What {@code PVE::Storage::activate_storage} dies with for the storage now (a disabled one, a pbs one it cannot use), or null. */
    static String activationError(Storage st) {
        if (disabled(st)) return "storage '" + st.id + "' is disabled";
        if (!st.type.equals("pbs")) return null;
        PbsFailure f = pbsFailure(st);
        return f == null ? null : f.activation();
    }

    /** Why a backup to the storage fails as its job starts ({@code PVE::VZDump->new}), or null. */
    static String backupError(Storage st) {
        String err = activationError(st);
        if (err != null) return "could not activate storage '" + st.id + "': " + err;
        if (!List.of(st.content.split(",")).contains("backup")) {
            return "could not get storage information for '" + st.id + "': can't use storage '" + st.id + "' for backups - wrong content type";
        }
        return null;
    }
}
