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

/** {@code PUT /storage/{storage}}: a pbs storage's options and password (never shown), and PVE's refusals. */
class PbsStorageLabTest {
    static final String ROTATED = "store-0001", FAILURES = "store-0002", REFUSALS = "store-0003", SOURCE = "store-0004";
    static final String STAGING = "staging-us-west"; // store-0004's region
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    static Lab lab;
    static LabClient client;

    @BeforeAll
    static void start() {
        lab = Lab.start(LabOptions.defaults().withStores(4).withBasePort(0).withAdminPort(0).withTimeScale(0)
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
        URI pbs = lab.pbsUri(store);
        String old = lab.credentials(store).pbsAuthorization();
        String secret = ok(client.call("POST", pbs, "/access/users/" + LabClient.enc("edgerun@pbs") + "/token/" + name, old, Map.of())).get("value").asText();
        ok(client.call("PUT", pbs, "/access/acl", old, Map.of("path", "/", "role", "Admin", "auth-id", "edgerun@pbs!" + name)));
        return secret;
    }

    static LabClient.Resp pbs(String store, String secretOf, String name, String method, String path, Map<String, ?> params) throws Exception {
        return client.call(method, lab.pbsUri(store), path, "PBSAPIToken=edgerun@pbs!" + name + ":" + secretOf, params);
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
        ok(pve(store, "PUT", "/storage/pbs-store", Map.of("content", "backup", "delete", "namespace,max-protected-backups")));

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
}
