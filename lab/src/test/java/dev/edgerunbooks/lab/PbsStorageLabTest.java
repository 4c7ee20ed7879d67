package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PVE storage of type pbs holds a PBS token (username and, never shown, its secret as password) and logs in with it for every
 * backup, content listing and restore: deleting, expiring or disabling that token on the PBS breaks them, the way PVE reports it,
 * until {@code PUT /storage/{storage}} gives the storage a valid token. A PBS backup group belongs to the auth id that created it:
 * a backup by another one, even a sibling token of the same user, is refused (PBS's {@code backup owner check failed}) until
 * {@code POST /admin/datastore/{store}/change-owner} gives it the group, so a token rotation moves the storage and the groups to
 * the new token before the old one goes.
 */
class PbsStorageLabTest {
    static final String ROTATED = "store-0001", FAILURES = "store-0002", REFUSALS = "store-0003", SOURCE = "store-0004";
    static final String OWNERS = "store-0005", OWNER_REFUSALS = "store-0006", SEEDED = "store-0007";
    static final String STAGING = "staging-us-west"; // store-0004's region
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    static Lab lab;
    static LabClient client;

    @BeforeAll
    static void start() {
        lab = Lab.start(LabOptions.defaults().withStores(7).withBasePort(0).withAdminPort(0).withTimeScale(0)
                .withAuthFailureDelay(Duration.ZERO).withClock(CLOCK));
        client = new LabClient(LabApiTest.pins(lab));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static LabClient.Resp pve(String site, String method, String path, Map<String, ?> params) throws Exception {
        String node = site.startsWith("staging") ? "stg1" : "pve1";
        return client.call(method, lab.pveUri(site, node), path, lab.credentials(site).pveAuthorization(), params);
    }

    static JsonNode ok(LabClient.Resp r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data();
    }

    /** The message of a 500 answer. */
    static String error(LabClient.Resp r) {
        assertThat(r.status()).as(r.body()).isEqualTo(500);
        return r.json().get("message").asText();
    }

    /** The exit status of a finished task (time scale 0: over when created). */
    static String exit(String site, String upid) throws Exception {
        String node = site.startsWith("staging") ? "stg1" : "pve1";
        JsonNode st = ok(pve(site, "GET", "/nodes/" + node + "/tasks/" + LabClient.enc(upid) + "/status", null));
        assertThat(st.get("status").asText()).isEqualTo("stopped");
        return st.get("exitstatus").asText();
    }

    static List<String> log(String site, String upid) throws Exception {
        String node = site.startsWith("staging") ? "stg1" : "pve1";
        return ok(pve(site, "GET", "/nodes/" + node + "/tasks/" + LabClient.enc(upid) + "/log", Map.of("limit", 500))).findValuesAsText("t");
    }

    static String backup(String store) throws Exception {
        return exit(store, ok(pve(store, "POST", "/nodes/pve1/vzdump", Map.of("vmid", "101", "storage", "pbs-store"))).asText());
    }

    static LabClient.Resp content(String site, String storage, int vmid) throws Exception {
        String node = site.startsWith("staging") ? "stg1" : "pve1";
        return pve(site, "GET", "/nodes/" + node + "/storage/" + storage + "/content", Map.of("vmid", vmid));
    }

    static String newest(JsonNode content) {
        String volid = null;
        long t = -1;
        for (JsonNode c : content) {
            if (c.get("ctime").asLong() > t) {
                t = c.get("ctime").asLong();
                volid = c.get("volid").asText();
            }
        }
        return volid;
    }

    /** A new PBS token of the runbooks' user, granted Admin on /: its secret. */
    static String newPbsToken(String store, String name) throws Exception {
        return newPbsToken(store, name, "Admin");
    }

    /** A new PBS token of the runbooks' user, granted the role on /: its secret. */
    static String newPbsToken(String store, String name, String role) throws Exception {
        URI pbs = lab.pbsUri(store);
        String old = lab.credentials(store).pbsAuthorization();
        String secret = ok(client.call("POST", pbs, "/access/users/" + LabClient.enc("edgerun@pbs") + "/token/" + name, old, Map.of())).get("value").asText();
        ok(client.call("PUT", pbs, "/access/acl", old, Map.of("path", "/", "role", role, "auth-id", "edgerun@pbs!" + name)));
        return secret;
    }

    static LabClient.Resp pbs(String store, String secretOf, String name, String method, String path, Map<String, ?> params) throws Exception {
        return client.call(method, lab.pbsUri(store), path, "PBSAPIToken=edgerun@pbs!" + name + ":" + secretOf, params);
    }

    @Test
    void deletingTheStoragesTokenBreaksBackupsUntilTheStorageHoldsTheNewOne() throws Exception {
        LabCredentials c = lab.credentials(ROTATED);
        assertThat(backup(ROTATED)).isEqualTo("OK");
        String vm = newest(ok(content(ROTATED, "pbs-store", 101)));
        String ct = newest(ok(content(ROTATED, "pbs-store", 100)));
        JsonNode before = ok(pve(ROTATED, "GET", "/storage/pbs-store", null));
        assertThat(before.get("username").asText()).isEqualTo("edgerun@pbs!runbooks");
        assertThat(before.get("fingerprint").asText()).isEqualTo(lab.fingerprint(ROTATED, "pbs"));
        assertThat(before.get("port").asInt()).isEqualTo(lab.pbsUri(ROTATED).getPort());
        assertThat(before.has("password")).isFalse();
        assertThat(before.toString()).doesNotContain(c.pbsSecret());

        // the runbook forgets the storage: a new PBS token, the old one deleted
        String next = newPbsToken(ROTATED, "next");
        ok(pbs(ROTATED, next, "next", "DELETE", "/access/users/" + LabClient.enc("edgerun@pbs") + "/token/runbooks", null));

        String upid = ok(pve(ROTATED, "POST", "/nodes/pve1/vzdump", Map.of("vmid", "101", "storage", "pbs-store"))).asText();
        String broken = "could not activate storage 'pbs-store': pbs-store: error fetching datastores - 401 Unauthorized";
        assertThat(exit(ROTATED, upid)).isEqualTo(broken);
        assertThat(log(ROTATED, upid)).containsExactly("TASK ERROR: " + broken);
        assertThat(error(content(ROTATED, "pbs-store", 101))).isEqualTo("pbs-store: error fetching datastores - 401 Unauthorized\n");
        for (JsonNode st : ok(pve(ROTATED, "GET", "/nodes/pve1/storage", null))) {
            if (st.get("storage").asText().equals("pbs-store")) assertThat(st.get("active").asInt()).isZero();
        }
        for (JsonNode st : ok(pve(ROTATED, "GET", "/cluster/resources", Map.of("type", "storage")))) {
            assertThat(st.get("status").asText()).isEqualTo(st.get("storage").asText().equals("pbs-store") ? "unknown" : "available");
        }
        // restores start, then fail as the backup client does; the guest goes again
        String vmRestore = ok(pve(ROTATED, "POST", "/nodes/pve1/qemu", Map.of("vmid", 9101, "archive", vm, "storage", "ceph-vm"))).asText();
        assertThat(exit(ROTATED, vmRestore)).startsWith("command '/usr/bin/proxmox-backup-client restore --crypt-mode=none vm/101/")
                .endsWith("--repository edgerun@pbs!runbooks@127.0.0.1:" + lab.pbsUri(ROTATED).getPort() + ":store' failed: exit code 255");
        assertThat(log(ROTATED, vmRestore)).contains("Error: authentication failed - invalid credentials");
        assertThat(pve(ROTATED, "GET", "/nodes/pve1/qemu/9101/config", null).status()).isEqualTo(500);
        String ctRestore = ok(pve(ROTATED, "POST", "/nodes/pve1/lxc", Map.of("vmid", 9100, "ostemplate", ct, "restore", 1, "storage", "ceph-vm"))).asText();
        assertThat(exit(ROTATED, ctRestore)).isEqualTo("unable to restore CT 9100 - proxmox-backup-client failed: exit code 255");
        assertThat(log(ROTATED, ctRestore)).startsWith("recovering backed-up configuration from '" + ct + "'");

        // the storage gets the new token: everything works again
        JsonNode updated = ok(pve(ROTATED, "PUT", "/storage/pbs-store", Map.of("username", "edgerun@pbs!next", "password", next)));
        assertThat(updated.toString()).isEqualTo("{\"storage\":\"pbs-store\",\"type\":\"pbs\"}");
        JsonNode after = ok(pve(ROTATED, "GET", "/storage/pbs-store", null));
        assertThat(after.get("username").asText()).isEqualTo("edgerun@pbs!next");
        assertThat(after.has("password")).isFalse();
        assertThat(after.toString()).doesNotContain(next);
        assertThat(after.get("digest").asText()).isNotEqualTo(before.get("digest").asText());
        // the old token's backup group goes to the new one too, or PBS refuses the backup (see the owner tests below)
        ok(pbs(ROTATED, next, "next", "POST", "/admin/datastore/store/change-owner",
                Map.of("backup-type", "vm", "backup-id", "101", "new-owner", "edgerun@pbs!next")));
        CLOCK.advance(Duration.ofMinutes(5));
        assertThat(backup(ROTATED)).isEqualTo("OK");
        JsonNode listed = ok(content(ROTATED, "pbs-store", 101));
        assertThat(listed.get(listed.size() - 1).get("ctime").asLong()).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(exit(ROTATED, ok(pve(ROTATED, "POST", "/nodes/pve1/qemu", Map.of("vmid", 9101, "archive", vm, "storage", "ceph-vm"))).asText()))
                .isEqualTo("OK");
        assertThat(lab.operations(ROTATED).count("update-storage", "pbs-store")).isEqualTo(1);
    }

    /** Content listing probes the storage's login; each way it can fail, then repaired. */
    @Test
    void everyWayTheStoragesLoginFails() throws Exception {
        LabCredentials c = lab.credentials(FAILURES);
        String fetching = "pbs-store: error fetching datastores - ";
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("password", "wrong")));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo(fetching + "401 Unauthorized\n");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("delete", "password")));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo(fetching + "401 Unauthorized\n");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("password", c.pbsSecret())));
        assertThat(ok(content(FAILURES, "pbs-store", 101))).isNotEmpty();

        // a token that expires, is disabled, loses its privileges
        String t2 = newPbsToken(FAILURES, "t2");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("username", "edgerun@pbs!t2", "password", t2)));
        String tokens = "/access/users/" + LabClient.enc("edgerun@pbs") + "/token/t2";
        ok(pbs(FAILURES, c.pbsSecret(), "runbooks", "PUT", tokens, Map.of("expire", CLOCK.instant().getEpochSecond() + 60)));
        assertThat(ok(content(FAILURES, "pbs-store", 101))).isNotEmpty();
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo(fetching + "401 Unauthorized\n");
        ok(pbs(FAILURES, c.pbsSecret(), "runbooks", "PUT", tokens, Map.of("expire", 0, "enable", 0)));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo(fetching + "401 Unauthorized\n");
        ok(pbs(FAILURES, c.pbsSecret(), "runbooks", "PUT", tokens, Map.of("enable", 1)));
        assertThat(ok(content(FAILURES, "pbs-store", 101))).isNotEmpty();
        ok(pbs(FAILURES, c.pbsSecret(), "runbooks", "PUT", "/access/acl", Map.of("path", "/", "role", "Admin", "auth-id", "edgerun@pbs!t2", "delete", 1)));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo("pbs-store: Cannot find datastore 'store', check permissions and existence!\n");
        assertThat(backup(FAILURES)).isEqualTo("could not activate storage 'pbs-store': pbs-store: Cannot find datastore 'store', check permissions and existence!");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("username", c.pbsTokenId(), "password", c.pbsSecret())));
        assertThat(backup(FAILURES)).isEqualTo("OK");

        // the pinned fingerprint, the port
        String served = lab.fingerprint(FAILURES, "pbs");
        String other = served.startsWith("AA") ? served.replaceFirst("AA", "BB") : "AA" + served.substring(2);
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("fingerprint", other)));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo(fetching + "fingerprint '" + served + "' not verified, abort!\n");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("delete", "fingerprint")));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo(fetching + "fingerprint '" + served + "' not verified, abort!\n");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("fingerprint", served.toLowerCase())));
        assertThat(ok(content(FAILURES, "pbs-store", 101))).isNotEmpty();
        int port = lab.pbsUri(FAILURES).getPort();
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("port", 1)));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo(fetching + "500 Can't connect to 127.0.0.1:1 (Connection refused)\n");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("port", port)));
        assertThat(ok(content(FAILURES, "pbs-store", 101))).isNotEmpty();

        // disabled
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("disable", 1)));
        assertThat(error(content(FAILURES, "pbs-store", 101))).isEqualTo("storage 'pbs-store' is disabled\n");
        assertThat(backup(FAILURES)).isEqualTo("could not activate storage 'pbs-store': storage 'pbs-store' is disabled");
        JsonNode storages = ok(pve(FAILURES, "GET", "/nodes/pve1/storage", null));
        assertThat(storages.toString()).contains("{\"storage\":\"pbs-store\",\"type\":\"pbs\",\"content\":\"backup\",\"shared\":1,\"active\":0,\"enabled\":0}");
        assertThat(ok(pve(FAILURES, "GET", "/nodes/pve1/storage", Map.of("content", "backup"))).findValuesAsText("storage")).doesNotContain("pbs-store");
        ok(pve(FAILURES, "PUT", "/storage/pbs-store", Map.of("delete", "disable")));
        assertThat(backup(FAILURES)).isEqualTo("OK");
        assertThat(lab.operations(FAILURES).count("update-storage", "pbs-store")).isEqualTo(12);
    }

    @Test
    void updateRefusesLikePve() throws Exception {
        String store = REFUSALS;
        LabClient.Resp unknown = pve(store, "PUT", "/storage/pbs-store", Map.of("foo", "1", "port", 70000, "fingerprint", "zz", "disable", "maybe"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").toString()).isEqualTo("{\"disable\":\"type check ('boolean') failed - got 'maybe'\","
                + "\"fingerprint\":\"value does not match the regex pattern\","
                + "\"foo\":\"property is not defined in schema and the schema does not allow additional properties\"}");
        assertThat(pve(store, "PUT", "/storage/pbs-store", Map.of("port", 70000)).json().at("/errors/port").asText())
                .isEqualTo("value must have a maximum value of 65535");
        assertThat(pve(store, "PUT", "/storage/local", Map.of("path", "/srv")).json().at("/errors/path").asText())
                .isEqualTo("property is not defined in schema and the schema does not allow additional properties");
        String failed = "update storage failed: ";
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("digest", "0".repeat(40), "namespace", "x"))))
                .isEqualTo(failed + "detected modified configuration - file changed by other user? Try again.\n");
        assertThat(error(pve(store, "PUT", "/storage/nope", Map.of("namespace", "x")))).isEqualTo(failed + "storage 'nope' does not exist\n");
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("server", "10.0.0.9")))).isEqualTo(failed + "can't change value of fixed parameter 'server'\n");
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("pool", "x")))).isEqualTo(failed + "unexpected property 'pool'\n");
        assertThat(error(pve(store, "PUT", "/storage/local", Map.of("password", "x")))).isEqualTo(failed + "unexpected property 'password'\n");
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("delete", "pool")))).isEqualTo(failed + "no such option 'pool'\n");
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("delete", "datastore")))).isEqualTo(failed + "unable to delete required option 'datastore'\n");
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("namespace", "x", "delete", "namespace"))))
                .isEqualTo(failed + "cannot set and delete property 'namespace' at the same time!\n");
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("content", "backup,none")))).isEqualTo(failed + "unable to combine 'none' with other content types\n");
        assertThat(lab.operations(store).count("update-storage", "pbs-store")).isZero(); // refused calls do not count

        // the current digest is accepted; content the type does not support is dropped
        String digest = ok(pve(store, "GET", "/storage/pbs-store", null)).get("digest").asText();
        ok(pve(store, "PUT", "/storage/pbs-store", Map.of("digest", digest, "content", "images", "namespace", "edge", "max-protected-backups", 3)));
        JsonNode st = ok(pve(store, "GET", "/storage/pbs-store", null));
        assertThat(st.get("content").asText()).isEqualTo("none");
        assertThat(st.get("namespace").asText()).isEqualTo("edge");
        assertThat(st.get("max-protected-backups").asInt()).isEqualTo(3);
        assertThat(backup(store)).isEqualTo("could not get storage information for 'pbs-store': can't use storage 'pbs-store' for backups - wrong content type");
        ok(pve(store, "PUT", "/storage/pbs-store", Map.of("content", "backup", "delete", "namespace,max-protected-backups")));
        assertThat(backup(store)).isEqualTo("OK");

        // an encryption key: PVE hands back the generated key and keeps its fingerprint
        JsonNode key = ok(pve(store, "PUT", "/storage/pbs-store", Map.of("encryption-key", "autogen")));
        JsonNode generated = LabClient.JSON.readTree(key.at("/config/encryption-key").asText());
        assertThat(generated.has("data")).isTrue();
        assertThat(ok(pve(store, "GET", "/storage/pbs-store", null)).get("encryption-key").asText()).isEqualTo(generated.get("fingerprint").asText());
        assertThat(error(pve(store, "PUT", "/storage/pbs-store", Map.of("encryption-key", "secret"))))
                .isEqualTo(failed + "Value does not seems like a valid, JSON formatted encryption key!\n");
        ok(pve(store, "PUT", "/storage/pbs-store", Map.of("delete", "encryption-key")));
        assertThat(ok(pve(store, "GET", "/storage/pbs-store", null)).has("encryption-key")).isFalse();

        // the permission rules of the other storage routes: a token without privileges may not
        String tokens = "/access/users/" + LabClient.enc("edgerun@pve") + "/token/bare";
        String bare = ok(pve(store, "POST", tokens, Map.of("privsep", 1))).get("value").asText();
        LabClient.Resp denied = client.call("PUT", lab.pveUri(store, "pve1"), "/storage/pbs-store", "PVEAPIToken=edgerun@pve!bare=" + bare, Map.of("namespace", "x"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(lab.operations(store).count("update-storage", "pbs-store")).isEqualTo(4);
    }

    /** A staging cluster's storage for a store's PBS (created by the product) logs in to that store's PBS registry alike. */
    @Test
    void stagingStoragesLogInToTheStoresPbs() throws Exception {
        LabCredentials c = lab.credentials(SOURCE);
        String sid = "pbs-" + SOURCE;
        Map<String, Object> create = new java.util.HashMap<>(Map.of("storage", sid, "type", "pbs", "server", "127.0.0.1",
                "port", lab.pbsUri(SOURCE).getPort(), "datastore", "store", "username", c.pbsTokenId(), "password", "wrong",
                "fingerprint", lab.fingerprint(SOURCE, "pbs")));
        assertThat(error(pve(STAGING, "POST", "/storage", create))).isEqualTo("create storage failed: " + sid + ": error fetching datastores - 401 Unauthorized\n");
        assertThat(ok(pve(STAGING, "GET", "/storage", null)).findValuesAsText("storage")).doesNotContain(sid);
        create.put("password", c.pbsSecret());
        ok(pve(STAGING, "POST", "/storage", create));
        assertThat(ok(pve(STAGING, "GET", "/storage/" + sid, null)).has("password")).isFalse();
        String vm = newest(ok(content(STAGING, sid, 101)));

        String next = newPbsToken(SOURCE, "next");
        ok(pbs(SOURCE, next, "next", "DELETE", "/access/users/" + LabClient.enc("edgerun@pbs") + "/token/runbooks", null));
        assertThat(error(content(STAGING, sid, 101))).isEqualTo(sid + ": error fetching datastores - 401 Unauthorized\n");
        String failing = ok(pve(STAGING, "POST", "/nodes/stg1/qemu", Map.of("vmid", 9201, "archive", vm, "storage", "ceph-vm"))).asText();
        assertThat(exit(STAGING, failing)).endsWith("failed: exit code 255");

        ok(pve(STAGING, "PUT", "/storage/" + sid, Map.of("username", "edgerun@pbs!next", "password", next)));
        assertThat(ok(content(STAGING, sid, 101))).isNotEmpty();
        assertThat(exit(STAGING, ok(pve(STAGING, "POST", "/nodes/stg1/qemu", Map.of("vmid", 9201, "archive", vm, "storage", "ceph-vm"))).asText()))
                .isEqualTo("OK");
        assertThat(lab.operations(STAGING).count("update-storage", sid)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- backup group owners

    static final String OLD = "edgerun@pbs!runbooks", NEXT = "edgerun@pbs!next";

    /** A PBS call with the store's initial token. */
    static LabClient.Resp pbs(String store, String method, String path, Map<String, ?> params) throws Exception {
        return pbs(store, lab.credentials(store).pbsSecret(), "runbooks", method, path, params);
    }

    /** Starts a backup of the guests to pbs-store: its upid. */
    static String backupOf(String store, String vmids) throws Exception {
        return ok(pve(store, "POST", "/nodes/pve1/vzdump", Map.of("vmid", vmids, "storage", "pbs-store"))).asText();
    }

    static String owner(String store, String datastore, String group) throws Exception {
        return owner(store, lab.credentials(store).pbsSecret(), "runbooks", datastore, group);
    }

    /** The owner of a backup group, asked with the token {@code name}. */
    static String owner(String store, String secretOf, String name, String datastore, String group) throws Exception {
        for (JsonNode g : ok(pbs(store, secretOf, name, "GET", "/admin/datastore/" + datastore + "/groups", null))) {
            if ((g.get("backup-type").asText() + "/" + g.get("backup-id").asText()).equals(group)) return g.get("owner").asText();
        }
        return null;
    }

    static long newestBackup(String store, int vmid) throws Exception {
        long t = -1;
        for (JsonNode c : ok(content(store, "pbs-store", vmid))) t = Math.max(t, c.get("ctime").asLong());
        return t;
    }

    @Test
    void groupsBelongToTheStoresInitialToken() throws Exception {
        JsonNode groups = ok(pbs(SEEDED, "GET", "/admin/datastore/store/groups", null));
        assertThat(groups.findValuesAsText("backup-id")).containsExactly("100", "103", "105", "101", "102", "104");
        assertThat(groups.findValuesAsText("owner")).containsOnly(OLD);
        JsonNode vm = groups.get(3);
        assertThat(vm.get("backup-type").asText()).isEqualTo("vm");
        assertThat(vm.get("backup-count").asInt()).isEqualTo(14);
        assertThat(vm.get("comment").asText()).isEqualTo("tokenization");
        assertThat(vm.get("files").toString()).isEqualTo("[\"qemu-server.conf.blob\",\"drive-scsi0.img.fidx\",\"index.json.blob\"]");
        long newest = -1;
        for (JsonNode s : ok(pbs(SEEDED, "GET", "/admin/datastore/store/snapshots", Map.of("backup-type", "vm", "backup-id", "101")))) {
            newest = Math.max(newest, s.get("backup-time").asLong());
            assertThat(s.get("owner").asText()).isEqualTo(OLD);
        }
        assertThat(vm.get("last-backup").asLong()).isEqualTo(newest);
        assertThat(ok(pbs(SEEDED, "GET", "/admin/datastore/offsite/groups", null)).findValuesAsText("owner")).hasSize(6).containsOnly(OLD);
        assertThat(pbs(SEEDED, "GET", "/admin/datastore/store/groups", Map.of("ns", "edge")).status()).isEqualTo(400);
    }

    @Test
    void aBackupAfterATokenSwitchFailsUntilTheGroupsChangeOwner() throws Exception {
        String next = newPbsToken(OWNERS, "next");
        ok(pve(OWNERS, "PUT", "/storage/pbs-store", Map.of("username", NEXT, "password", next)));
        long before101 = newestBackup(OWNERS, 101), before100 = newestBackup(OWNERS, 100);

        // the storage logs in (the token is valid), but PBS refuses each guest's session into the old token's group
        CLOCK.advance(Duration.ofMinutes(5));
        String upid = backupOf(OWNERS, "101,100");
        assertThat(exit(OWNERS, upid)).isEqualTo("job errors");
        String refusal = "backup owner check failed (" + NEXT + " != " + OLD + ")";
        String qmp = "VM 101 qmp command 'backup' failed - backup connect failed: command error: " + refusal;
        List<String> log = log(OWNERS, upid);
        assertThat(log).contains("ERROR: " + qmp, "ERROR: Backup of VM 101 failed - " + qmp, "INFO: Error: " + refusal);
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("ERROR: Backup of VM 100 failed - command '/usr/bin/proxmox-backup-client backup ")
                .endsWith("--repository " + NEXT + "@127.0.0.1:" + lab.pbsUri(OWNERS).getPort() + ":store' failed: exit code 255"));
        assertThat(log.subList(log.size() - 2, log.size())).containsExactly("INFO: Backup job finished with errors", "TASK ERROR: job errors");
        assertThat(newestBackup(OWNERS, 101)).isEqualTo(before101);
        assertThat(newestBackup(OWNERS, 100)).isEqualTo(before100);
        assertThat(owner(OWNERS, "store", "vm/101")).isEqualTo(OLD);

        // one group given to the new token: that guest's backup goes through, the other's still fails
        assertThat(ok(pbs(OWNERS, "POST", "/admin/datastore/store/change-owner",
                Map.of("backup-type", "ct", "backup-id", "100", "new-owner", NEXT))).isNull()).isTrue();
        assertThat(owner(OWNERS, "store", "ct/100")).isEqualTo(NEXT);
        CLOCK.advance(Duration.ofMinutes(5));
        upid = backupOf(OWNERS, "101,100");
        assertThat(exit(OWNERS, upid)).isEqualTo("job errors");
        assertThat(log(OWNERS, upid)).contains("INFO: Finished Backup of VM 100 (00:02:40)").doesNotContain("INFO: Error: " + refusal);
        assertThat(newestBackup(OWNERS, 100)).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(newestBackup(OWNERS, 101)).isEqualTo(before101);

        // both groups the new token's, the old token deleted: backups work
        ok(pbs(OWNERS, "POST", "/admin/datastore/store/change-owner", Map.of("backup-type", "vm", "backup-id", "101", "new-owner", NEXT)));
        ok(pbs(OWNERS, "DELETE", "/access/users/" + LabClient.enc("edgerun@pbs") + "/token/runbooks", null));
        CLOCK.advance(Duration.ofMinutes(5));
        upid = backupOf(OWNERS, "101,100");
        assertThat(exit(OWNERS, upid)).isEqualTo("OK");
        assertThat(log(OWNERS, upid)).endsWith("INFO: Backup job finished successfully", "TASK OK");
        assertThat(newestBackup(OWNERS, 101)).isEqualTo(CLOCK.instant().getEpochSecond());
        for (JsonNode s : ok(pbs(OWNERS, next, "next", "GET", "/admin/datastore/store/snapshots", Map.of("backup-id", "101")))) {
            assertThat(s.get("owner").asText()).isEqualTo(NEXT);
        }
        assertThat(lab.operations(OWNERS).count("change-owner", "store:vm/101")).isEqualTo(1);
        assertThat(lab.operations(OWNERS).count("change-owner", "store:ct/100")).isEqualTo(1);

        // a guest without a group yet: its first backup creates one, owned by the storage's token
        ok(pve(OWNERS, "POST", "/nodes/pve1/qemu", Map.of("vmid", 9101, "archive",
                "pbs-store:backup/vm/101/" + java.time.format.DateTimeFormatter.ISO_INSTANT.format(CLOCK.instant()), "storage", "ceph-vm")));
        assertThat(exit(OWNERS, backupOf(OWNERS, "9101"))).isEqualTo("OK");
        assertThat(owner(OWNERS, next, "next", "store", "vm/9101")).isEqualTo(NEXT);
    }

    @Test
    void changeOwnerRefusesLikePbs() throws Exception {
        String path = "/admin/datastore/store/change-owner";
        LabClient.Resp missing = pbs(OWNER_REFUSALS, "POST", path, Map.of("backup-type", "vm", "backup-id", "101"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().asText()).contains("new-owner");
        assertThat(pbs(OWNER_REFUSALS, "POST", path, Map.of("backup-type", "qemu", "backup-id", "101", "new-owner", OLD)).json().asText())
                .contains("parameter 'backup-type'");
        assertThat(pbs(OWNER_REFUSALS, "POST", path, Map.of("backup-type", "vm", "backup-id", "101", "new-owner", "nobody")).json().asText())
                .contains("parameter 'new-owner'");
        LabClient.Resp unknown = pbs(OWNER_REFUSALS, "POST", path, Map.of("backup-type", "vm", "backup-id", "101", "new-owner", "edgerun@pbs!nope"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().asText()).isEqualTo("API token 'edgerun@pbs!nope' is inactive or non-existent");
        assertThat(pbs(OWNER_REFUSALS, "POST", path, Map.of("backup-type", "vm", "backup-id", "999", "new-owner", OLD)).json().asText())
                .startsWith("unable to create owner file");
        assertThat(pbs(OWNER_REFUSALS, "POST", "/admin/datastore/nope/change-owner", Map.of("backup-type", "vm", "backup-id", "101", "new-owner", OLD))
                .status()).isEqualTo(400);

        // a disabled token cannot be given a group
        String off = newPbsToken(OWNER_REFUSALS, "off");
        ok(pbs(OWNER_REFUSALS, "PUT", "/access/users/" + LabClient.enc("edgerun@pbs") + "/token/off", Map.of("enable", 0)));
        assertThat(pbs(OWNER_REFUSALS, "POST", path, Map.of("backup-type", "vm", "backup-id", "101", "new-owner", "edgerun@pbs!off")).json().asText())
                .isEqualTo("API token 'edgerun@pbs!off' is inactive or non-existent");
        assertThat(off).isNotBlank();

        // a token that may back up but not manage the PBS may not take another token's group
        String backup = newPbsToken(OWNER_REFUSALS, "backup", "DatastoreBackup");
        LabClient.Resp denied = pbs(OWNER_REFUSALS, backup, "backup", "POST", path,
                Map.of("backup-type", "vm", "backup-id", "101", "new-owner", "edgerun@pbs!backup"));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.json().asText()).isEqualTo("edgerun@pbs!backup does not have permission to change owner of backup group 'vm/101' to edgerun@pbs!backup");
        assertThat(owner(OWNER_REFUSALS, "store", "vm/101")).isEqualTo(OLD);
        assertThat(lab.operations(OWNER_REFUSALS).count("change-owner")).isZero(); // refused calls do not count

        // the offsite datastore's groups change owner alike
        ok(pbs(OWNER_REFUSALS, "POST", "/admin/datastore/offsite/change-owner", Map.of("backup-type", "ct", "backup-id", "103", "new-owner", "edgerun@pbs")));
        assertThat(owner(OWNER_REFUSALS, "offsite", "ct/103")).isEqualTo("edgerun@pbs");
        assertThat(owner(OWNER_REFUSALS, "store", "ct/103")).isEqualTo(OLD);
    }
}
