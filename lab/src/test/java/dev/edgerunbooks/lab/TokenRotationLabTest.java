package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API token rotation as a runbook does it, on PVE and on PBS: create the new token, grant it its ACL, switch to it, delete the
 * old one; the old token works until it is deleted, a token without an ACL entry may do nothing, an expired one no longer
 * authenticates.
 */
class TokenRotationLabTest {
    static final String PVE_STORE = "store-0001", PBS_STORE = "store-0002", REFUSALS_STORE = "store-0003";
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    static Lab lab;
    static LabClient client;

    @BeforeAll
    static void start() {
        lab = Lab.start(LabOptions.defaults().withStores(3).withBasePort(0).withAdminPort(0).withTimeScale(0)
                .withAuthFailureDelay(Duration.ZERO).withClock(CLOCK));
        client = new LabClient(LabApiTest.pins(lab));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static String pveAuth(String tokenId, String secret) { return "PVEAPIToken=" + tokenId + "=" + secret; }

    static String pbsAuth(String tokenId, String secret) { return "PBSAPIToken=" + tokenId + ":" + secret; }

    static LabClient.Resp pve(String auth, String method, String path, Map<String, ?> params) throws Exception {
        return pve(PVE_STORE, auth, method, path, params);
    }

    static LabClient.Resp pve(String store, String auth, String method, String path, Map<String, ?> params) throws Exception {
        return client.call(method, lab.pveUri(store, "pve2"), path, auth, params);
    }

    static LabClient.Resp pbs(String auth, String method, String path, Map<String, ?> params) throws Exception {
        return client.call(method, lab.pbsUri(PBS_STORE), path, auth, params);
    }

    static JsonNode ok(LabClient.Resp r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data();
    }

    static long now() { return CLOCK.instant().getEpochSecond(); }

    @Test
    void pveTokenRotation() throws Exception {
        LabCredentials creds = lab.credentials(PVE_STORE);
        String old = creds.pveAuthorization();
        String tokens = "/access/users/" + LabClient.enc("edgerun@pve") + "/token";
        JsonNode created = ok(pve(old, "POST", tokens + "/next", Map.of("comment", "rotated")));
        assertThat(created.get("full-tokenid").asText()).isEqualTo("edgerun@pve!next");
        assertThat(created.at("/info/privsep").asInt()).isEqualTo(1);
        String secret = created.get("value").asText();
        assertThat(secret).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        String next = pveAuth("edgerun@pve!next", secret);

        // privilege separated, no ACL entry yet: nothing is allowed
        LabClient.Resp denied = pve(next, "GET", "/nodes", null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("message").asText()).startsWith("Permission check failed");
        assertThat(pve(pveAuth("edgerun@pve!next", "wrong"), "GET", "/nodes", null).status()).isEqualTo(401);

        ok(pve(old, "PUT", "/access/acl", Map.of("path", "/", "roles", "Administrator", "tokens", "edgerun@pve!next")));
        assertThat(ok(pve(next, "GET", "/nodes", null))).hasSize(3);
        assertThat(ok(pve(old, "GET", "/nodes", null))).hasSize(3);
        JsonNode list = ok(pve(next, "GET", tokens, null));
        assertThat(list.findValuesAsText("tokenid")).containsExactly("runbooks", "next");
        assertThat(ok(pve(next, "GET", tokens + "/next", null)).toString()).isEqualTo("{\"comment\":\"rotated\",\"expire\":0,\"privsep\":1}");
        assertThat(ok(pve(next, "GET", "/access/acl", null)).toString())
                .contains("{\"path\":\"/\",\"roleid\":\"Administrator\",\"type\":\"token\",\"ugid\":\"edgerun@pve!next\",\"propagate\":1}");
        assertThat(lab.tokens(PVE_STORE).pve().validTokens("edgerun@pve")).containsExactly("edgerun@pve!runbooks", "edgerun@pve!next");

        // an expiry: valid until then, 401 after
        ok(pve(old, "PUT", tokens + "/next", Map.of("expire", now() + 60)));
        assertThat(pve(next, "GET", "/version", null).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(pve(next, "GET", "/version", null).status()).isEqualTo(401);
        assertThat(lab.tokens(PVE_STORE).pve().validTokens("edgerun@pve")).containsExactly("edgerun@pve!runbooks");
        assertThat(ok(pve(old, "PUT", tokens + "/next", Map.of("expire", 0))).get("expire").asLong()).isZero();

        // switch to the new token; delete the old one with it
        assertThat(ok(pve(next, "DELETE", tokens + "/runbooks", null)).isNull()).isTrue();
        assertThat(pve(old, "GET", "/version", null).status()).isEqualTo(401);
        assertThat(ok(pve(next, "GET", "/cluster/status", null))).isNotEmpty();
        LabInspection.Permissions p = lab.tokens(PVE_STORE).pve();
        assertThat(p.validTokens("edgerun@pve")).containsExactly("edgerun@pve!next");
        assertThat(p.acl("edgerun@pve!runbooks")).isEmpty(); // its ACL entries went with it
        assertThat(p.acl("edgerun@pve!next")).containsExactly(new LabInspection.AclEntry("/", "token", "edgerun@pve!next", "Administrator", true));
        LabInspection.Operations ops = lab.operations(PVE_STORE);
        assertThat(ops.count("create-token", "edgerun@pve!next")).isEqualTo(1);
        assertThat(ops.count("delete-token", "edgerun@pve!runbooks")).isEqualTo(1);
        assertThat(ops.count("update-acl", "edgerun@pve!next")).isEqualTo(1);

        // the admin API lists tokens and ACLs, never secrets; the credentials route still gives the initial token
        String admin = LabClient.admin(lab, "GET", "/stores/" + PVE_STORE + "/tokens", null);
        assertThat(admin).startsWith("200 ").contains("\"tokenId\" : \"edgerun@pve!next\"").doesNotContain(secret).doesNotContain(creds.pveSecret());
        assertThat(LabClient.admin(lab, "GET", "/stores/" + PVE_STORE + "/credentials", null)).contains(creds.pveSecret());
    }

    @Test
    void pveRefusals() throws Exception {
        String auth = lab.credentials(REFUSALS_STORE).pveAuthorization();
        String tokens = "/access/users/" + LabClient.enc("edgerun@pve") + "/token";
        assertThat(pve(REFUSALS_STORE, auth, "POST", tokens + "/9lives", null).json().at("/errors/tokenid").asText()).isEqualTo("value does not match the regex pattern");
        assertThat(pve(REFUSALS_STORE, auth, "POST", tokens + "/runbooks", null).json().at("/errors/tokenid").asText()).isEqualTo("Token already exists.");
        LabClient.Resp noUser = pve(REFUSALS_STORE, auth, "POST", "/access/users/" + LabClient.enc("nobody@pve") + "/token/x1", null);
        assertThat(noUser.status()).isEqualTo(500);
        assertThat(noUser.json().get("message").asText()).isEqualTo("no such user ('nobody@pve')\n");
        assertThat(pve(REFUSALS_STORE, auth, "GET", tokens + "/missing", null).json().get("message").asText()).isEqualTo("no such token 'missing' for user 'edgerun@pve'\n");
        assertThat(pve(REFUSALS_STORE, auth, "PUT", "/access/acl", Map.of("path", "/", "roles", "Administrator")).json().get("errors").size()).isEqualTo(3);
        assertThat(pve(REFUSALS_STORE, auth, "PUT", "/access/acl", Map.of("path", "/", "roles", "Boss", "tokens", "edgerun@pve!runbooks")).json().get("message").asText())
                .isEqualTo("ACL update failed: role 'Boss' does not exist\n");
        assertThat(pve(REFUSALS_STORE, auth, "PUT", "/access/acl", Map.of("path", "/nowhere", "roles", "PVEAuditor", "tokens", "edgerun@pve!runbooks")).status()).isEqualTo(400);

        // a token that may read but not manage: no tokens, no ACLs for it
        JsonNode audit = ok(pve(REFUSALS_STORE, auth, "POST", tokens + "/audit", Map.of("privsep", 1)));
        ok(pve(REFUSALS_STORE, auth, "PUT", "/access/acl", Map.of("path", "/", "roles", "PVEAuditor", "tokens", "edgerun@pve!audit")));
        String auditor = pveAuth("edgerun@pve!audit", audit.get("value").asText());
        assertThat(ok(pve(REFUSALS_STORE, auditor, "GET", "/nodes", null))).hasSize(3);
        assertThat(ok(pve(REFUSALS_STORE, auditor, "GET", "/access/acl", null))).isEmpty();
        assertThat(pve(REFUSALS_STORE, auditor, "POST", tokens + "/mine", null).status()).isEqualTo(403);
        assertThat(pve(REFUSALS_STORE, auditor, "PUT", "/access/acl", Map.of("path", "/", "roles", "Administrator", "tokens", "edgerun@pve!audit")).status()).isEqualTo(403);
        // revoking its one role leaves it without privileges
        ok(pve(REFUSALS_STORE, auth, "PUT", "/access/acl", Map.of("path", "/", "roles", "PVEAuditor", "tokens", "edgerun@pve!audit", "delete", 1)));
        assertThat(pve(REFUSALS_STORE, auditor, "GET", "/nodes", null).status()).isEqualTo(403);
        ok(pve(REFUSALS_STORE, auth, "DELETE", tokens + "/audit", null));
        assertThat(pve(REFUSALS_STORE, auditor, "GET", "/nodes", null).status()).isEqualTo(401);

        // staging clusters have the same registry, and no PBS
        LabInspection.Tokens staging = lab.tokens("staging-eu-central");
        assertThat(staging.pve().validTokens("edgerun@pve")).containsExactly("edgerun@pve!runbooks");
        assertThat(staging.pbs()).isNull();
    }

    @Test
    void pbsTokenRotation() throws Exception {
        String old = lab.credentials(PBS_STORE).pbsAuthorization();
        String tokens = "/access/users/" + LabClient.enc("edgerun@pbs") + "/token";
        JsonNode created = ok(pbs(old, "POST", tokens + "/next", Map.of("comment", "rotated")));
        assertThat(created.get("tokenid").asText()).isEqualTo("edgerun@pbs!next");
        String next = pbsAuth("edgerun@pbs!next", created.get("value").asText());
        LabClient.Resp denied = pbs(next, "GET", "/admin/datastore", null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().asText()).isEqualTo("permission check failed");
        // PVE's header form is not PBS's
        assertThat(pbs("PVEAPIToken=edgerun@pbs!next=" + created.get("value").asText(), "GET", "/version", null).status()).isEqualTo(401);

        ok(pbs(old, "PUT", "/access/acl", Map.of("path", "/", "role", "Admin", "auth-id", "edgerun@pbs!next")));
        assertThat(ok(pbs(next, "GET", "/admin/datastore", null))).hasSize(2);
        assertThat(ok(pbs(next, "GET", tokens, null)).toString())
                .contains("{\"tokenid\":\"edgerun@pbs!next\",\"comment\":\"rotated\",\"enable\":true,\"expire\":0}");
        assertThat(ok(pbs(next, "GET", "/access/acl", Map.of("path", "/", "exact", 1))).toString())
                .contains("{\"path\":\"/\",\"ugid\":\"edgerun@pbs!next\",\"ugid_type\":\"user\",\"propagate\":true,\"roleid\":\"Admin\"}");
        assertThat(pbs(old, "POST", tokens + "/next", null).json().asText()).isEqualTo("token 'next' for user 'edgerun@pbs' already exists.");

        // expired, then disabled: 401 both times
        ok(pbs(old, "PUT", tokens + "/next", Map.of("expire", now() + 30)));
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(pbs(next, "GET", "/version", null).status()).isEqualTo(401);
        ok(pbs(old, "PUT", tokens + "/next", Map.of("expire", 0, "enable", 0)));
        assertThat(pbs(next, "GET", "/version", null).status()).isEqualTo(401);
        assertThat(lab.tokens(PBS_STORE).pbs().token("edgerun@pbs!next").enabled()).isFalse();
        ok(pbs(old, "PUT", tokens + "/next", Map.of("enable", 1)));

        ok(pbs(next, "DELETE", tokens + "/runbooks", null));
        assertThat(pbs(old, "GET", "/version", null).status()).isEqualTo(401);
        assertThat(ok(pbs(next, "GET", "/admin/datastore", null))).hasSize(2);
        LabInspection.Tokens t = lab.tokens(PBS_STORE);
        assertThat(t.pbs().validTokens("edgerun@pbs")).isEqualTo(List.of("edgerun@pbs!next"));
        assertThat(t.pve().validTokens("edgerun@pve")).containsExactly("edgerun@pve!runbooks"); // PVE's registry is its own
    }
}
