package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's Vault stand-in over plain HTTP: Vault's JSON shapes, status codes and error bodies. */
class VaultHttpTest extends VaultLabFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Resp(int status, String type, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    static Resp call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lab.vaultAddress() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    /** With the root token. */
    static Resp vault(String method, String path, String body) throws Exception {
        return call(method, path, body, "X-Vault-Token", lab.vaultToken());
    }

    private static List<String> fields(JsonNode n) {
        List<String> l = new ArrayList<>();
        n.fieldNames().forEachRemaining(l::add);
        return l;
    }

    @Test
    void readAnswersVaultsEnvelope() throws Exception {
        Resp w = vault("POST", "/v1/secret/data/shape/one", "{\"data\":{\"user\":\"root@pam\",\"n\":3,\"nested\":{\"a\":[1,2]}}}");
        assertThat(w.status()).isEqualTo(200);
        assertThat(w.type()).isEqualTo("application/json");
        assertThat(w.json().get("data").toString())
                .isEqualTo("{\"created_time\":\"2026-11-23T10:00:00Z\",\"custom_metadata\":null,\"deletion_time\":\"\",\"destroyed\":false,\"version\":1}");

        Resp r = vault("GET", "/v1/secret/data/shape/one", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(fields(j)).containsExactly("request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type");
        assertThat(j.get("request_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(j.get("lease_id").asText()).isEmpty();
        assertThat(j.get("renewable").asBoolean()).isFalse();
        assertThat(j.get("lease_duration").asInt()).isZero();
        assertThat(j.get("wrap_info").isNull()).isTrue();
        assertThat(j.get("warnings").isNull()).isTrue();
        assertThat(j.get("auth").isNull()).isTrue();
        assertThat(j.get("mount_type").asText()).isEqualTo("kv");
        assertThat(j.get("data").get("data").toString()).isEqualTo("{\"user\":\"root@pam\",\"n\":3,\"nested\":{\"a\":[1,2]}}");
        assertThat(j.get("data").get("metadata").toString())
                .isEqualTo("{\"created_time\":\"2026-11-23T10:00:00Z\",\"custom_metadata\":null,\"deletion_time\":\"\",\"destroyed\":false,\"version\":1}");
    }

    @Test
    void timesAreGoRfc3339WithNanoseconds() throws Exception {
        clock.advance(Duration.ofNanos(123_456_789));
        assertThat(vault("PUT", "/v1/secret/data/times/a", "{\"data\":{}}").json().at("/data/created_time").asText())
                .isEqualTo("2026-11-23T10:00:00.123456789Z");
        clock.advance(Duration.ofNanos(876_543_211 + 100_000_000));
        assertThat(vault("PUT", "/v1/secret/data/times/a", "{\"data\":{}}").json().at("/data/created_time").asText())
                .isEqualTo("2026-11-23T10:00:01.1Z");
    }

    @Test
    void authIsTheTokenHeaderOrABearer() throws Exception {
        vault("POST", "/v1/secret/data/auth/x", "{\"data\":{\"a\":\"b\"}}");
        Resp none = call("GET", "/v1/secret/data/auth/x", null);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
        assertThat(call("GET", "/v1/secret/data/auth/x", null, "X-Vault-Token", "hvs.wrong").status()).isEqualTo(403);
        assertThat(call("GET", "/v1/nomount/x", null).status()).as("no token: denied before routing").isEqualTo(403);
        Resp bearer = call("GET", "/v1/secret/data/auth/x", null, "Authorization", "Bearer " + lab.vaultToken());
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.json().at("/data/data/a").asText()).isEqualTo("b");
        assertThat(lab.vaultToken()).matches("hvs\\.[0-9A-Za-z]{24}");
    }

    @Test
    void errorsAreVaultsErrorsArray() throws Exception {
        Resp missing = vault("GET", "/v1/secret/data/errors/none", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.type()).isEqualTo("application/json");
        assertThat(missing.body()).isEqualTo("{\"errors\":[]}");
        assertThat(vault("POST", "/v1/secret/data/errors/x", "{\"options\":{}}").body()).isEqualTo("{\"errors\":[\"no data provided\"]}");
        Resp badJson = vault("POST", "/v1/secret/data/errors/x", "{\"data\":");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body()).isEqualTo("{\"errors\":[\"error parsing JSON\"]}");

        vault("POST", "/v1/secret/data/errors/cas", "{\"data\":{\"a\":1}}");
        Resp cas = vault("POST", "/v1/secret/data/errors/cas", "{\"data\":{\"a\":2},\"options\":{\"cas\":0}}");
        assertThat(cas.status()).isEqualTo(400);
        assertThat(cas.body()).isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}");

        Resp op = vault("GET", "/v1/secret/delete/errors/cas", null);
        assertThat(op.status()).isEqualTo(405);
        assertThat(op.json().at("/errors/0").asText()).isEqualTo("1 error occurred:\n\t* unsupported operation\n\n");
        assertThat(vault("OPTIONS", "/v1/secret/data/errors/cas", null).status()).isEqualTo(405);
        Resp path = vault("GET", "/v1/secret/errors/cas", null);
        assertThat(path.status()).isEqualTo(404);
        assertThat(path.json().at("/errors/0").asText()).isEqualTo("1 error occurred:\n\t* unsupported path\n\n");
        Resp mount = vault("GET", "/v1/nomount/x", null);
        assertThat(mount.status()).isEqualTo(404);
        assertThat(mount.body()).isEqualTo("{\"errors\":[\"no handler for route \\\"nomount/x\\\". route entry not found.\"]}");

        Resp warned = vault("POST", "/v1/secret/data/errors/warned", "{\"data\":{},\"colour\":\"red\"}");
        assertThat(warned.status()).isEqualTo(200);
        assertThat(warned.json().get("warnings").toString()).isEqualTo("[\"Endpoint ignored these unrecognized parameters: [colour]\"]");
    }

    @Test
    void aSoftDeletedVersionIsA404WithItsMetadata() throws Exception {
        vault("POST", "/v1/secret/data/soft/x", "{\"data\":{\"a\":1}}");
        clock.advance(Duration.ofSeconds(5));
        assertThat(vault("DELETE", "/v1/secret/data/soft/x", null).status()).isEqualTo(204);
        Resp r = vault("GET", "/v1/secret/data/soft/x", null);
        assertThat(r.status()).isEqualTo(404);
        JsonNode j = r.json();
        assertThat(j.get("request_id").asText()).isEmpty();
        assertThat(j.at("/data/data").isNull()).isTrue();
        assertThat(j.at("/data/metadata/deletion_time").asText()).isEqualTo("2026-11-23T10:00:05Z");
        assertThat(j.at("/data/metadata/version").asInt()).isEqualTo(1);
        assertThat(vault("POST", "/v1/secret/undelete/soft/x", "{\"versions\":[1]}").status()).isEqualTo(204);
        assertThat(vault("GET", "/v1/secret/data/soft/x?version=1", null).json().at("/data/data/a").asInt()).isEqualTo(1);
        Resp noVersions = vault("POST", "/v1/secret/destroy/soft/x", "{}");
        assertThat(noVersions.body()).isEqualTo("{\"errors\":[\"no version number provided\"]}");
    }

    @Test
    void listsWithTheListMethodOrTheQuery() throws Exception {
        vault("POST", "/v1/secret/data/listing/a", "{\"data\":{}}");
        vault("POST", "/v1/secret/data/listing/sub/b", "{\"data\":{}}");
        Resp list = vault("LIST", "/v1/secret/metadata/listing", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().at("/data/keys").toString()).isEqualTo("[\"a\",\"sub/\"]");
        assertThat(vault("GET", "/v1/secret/metadata/listing/?list=true", null).json().at("/data/keys").toString()).isEqualTo("[\"a\",\"sub/\"]");
        Resp empty = vault("LIST", "/v1/secret/metadata/listing/none", null);
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.body()).isEqualTo("{\"errors\":[]}");
        assertThat(vault("DELETE", "/v1/secret/metadata/listing/sub/b", null).status()).isEqualTo(204);
        assertThat(vault("LIST", "/v1/secret/metadata/listing", null).json().at("/data/keys").toString()).isEqualTo("[\"a\"]");
    }

    @Test
    void metadataKeepsTenVersions() throws Exception {
        for (int i = 1; i <= 11; i++) {
            clock.advance(Duration.ofSeconds(1));
            vault("POST", "/v1/secret/data/versions/x", "{\"data\":{\"i\":" + i + "}}");
        }
        JsonNode m = vault("GET", "/v1/secret/metadata/versions/x", null).json().get("data");
        assertThat(fields(m)).containsExactly("cas_required", "created_time", "current_version", "custom_metadata",
                "delete_version_after", "max_versions", "oldest_version", "updated_time", "versions");
        assertThat(m.get("current_version").asInt()).isEqualTo(11);
        assertThat(m.get("oldest_version").asInt()).isEqualTo(2);
        assertThat(m.get("max_versions").asInt()).isZero();
        assertThat(m.get("created_time").asText()).isEqualTo("2026-11-23T10:00:01Z");
        assertThat(m.get("updated_time").asText()).isEqualTo("2026-11-23T10:00:11Z");
        assertThat(m.get("versions").size()).isEqualTo(10);
        assertThat(m.at("/versions/2").toString()).isEqualTo("{\"created_time\":\"2026-11-23T10:00:02Z\",\"deletion_time\":\"\",\"destroyed\":false}");
        assertThat(vault("GET", "/v1/secret/data/versions/x?version=1", null).body()).isEqualTo("{\"errors\":[]}");

        assertThat(vault("POST", "/v1/secret/metadata/versions/x", "{\"cas_required\":true,\"custom_metadata\":{\"owner\":\"ops\"}}").status()).isEqualTo(204);
        assertThat(vault("POST", "/v1/secret/data/versions/x", "{\"data\":{}}").body())
                .isEqualTo("{\"errors\":[\"check-and-set parameter required for this call\"]}");
        assertThat(vault("GET", "/v1/secret/data/versions/x", null).json().at("/data/metadata/custom_metadata").toString())
                .isEqualTo("{\"owner\":\"ops\"}");
    }

    @Test
    void aSealedVaultAnswers503ButHealthAndSealStatusSaySo() throws Exception {
        lab.vaultFaults().sealed(true);
        Resp r = call("GET", "/v1/secret/data/anything", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
        Resp health = call("GET", "/v1/sys/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("sealed").asBoolean()).isTrue();
        assertThat(call("GET", "/v1/sys/health?sealedcode=200", null).status()).isEqualTo(200);
        Resp status = call("GET", "/v1/sys/seal-status", null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("sealed").asBoolean()).isTrue();
        lab.vaultFaults().sealed(false);
        Resp ok = call("GET", "/v1/sys/health", null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.type()).isEqualTo("application/json");
        assertThat(ok.json().get("version").asText()).isEqualTo(VaultServer.VERSION);
        assertThat(call("HEAD", "/v1/sys/health", null).status()).isEqualTo(200);
    }

    @Test
    void theAdminApiSealsAndShowsTheVault() throws Exception {
        HttpRequest put = HttpRequest.newBuilder(URI.create(lab.adminUri() + "/lab/vault/faults/sealed"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":true}")).build();
        JsonNode shown = JSON.readTree(HTTP.send(put, HttpResponse.BodyHandlers.ofString()).body());
        assertThat(shown.get("sealed").asBoolean()).isTrue();
        assertThat(shown.get("address").asText()).isEqualTo(lab.vaultAddress());
        assertThat(lab.vaultFaults().isSealed()).isTrue();
        HttpRequest clear = HttpRequest.newBuilder(URI.create(lab.adminUri() + "/vault/faults")).DELETE().build();
        assertThat(JSON.readTree(HTTP.send(clear, HttpResponse.BodyHandlers.ofString()).body()).get("sealed").asBoolean()).isFalse();
        call("GET", "/v1/sys/health", null);
        JsonNode got = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(lab.adminUri() + "/lab/vault")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(got.at("/requests/sys~1health").asLong()).isPositive();
        assertThat(got.get("token").asText()).isEqualTo(lab.vaultToken());
    }

    @Test
    void pkiServesItsCaWithoutATokenAndIssuesOverHttp() throws Exception {
        Resp pem = call("GET", "/v1/pki/ca/pem", null);
        assertThat(pem.status()).isEqualTo(200);
        assertThat(pem.type()).isEqualTo("application/pem-certificate-chain");
        assertThat(pem.body()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----");
        X509Certificate ca = x509(pem.body());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(call("GET", "/v1/pki/ca", null).type()).isEqualTo("application/pkix-cert");

        Resp issued = vault("POST", "/v1/pki/issue/edge-node",
                "{\"common_name\":\"pve2.store-0001.edge\",\"alt_names\":\"a.edge, b.edge\",\"ip_sans\":\"10.0.0.2\",\"ttl\":3600}");
        assertThat(issued.status()).isEqualTo(200);
        JsonNode d = issued.json().get("data");
        assertThat(fields(d)).containsExactly("ca_chain", "certificate", "expiration", "issuing_ca", "private_key", "private_key_type", "serial_number");
        assertThat(issued.json().get("mount_type").asText()).isEqualTo("pki");
        assertThat(d.get("issuing_ca").asText()).isEqualTo(pem.body());
        X509Certificate leaf = x509(d.get("certificate").asText());
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(T0.plusSeconds(3600));
        assertThat(sans(leaf)).containsExactly("2:pve2.store-0001.edge", "2:a.edge", "2:b.edge", "7:10.0.0.2");

        Resp cert = call("GET", "/v1/pki/cert/" + d.get("serial_number").asText().replace(':', '-').toUpperCase(), null);
        assertThat(cert.status()).isEqualTo(200);
        assertThat(cert.json().at("/data/certificate").asText()).isEqualTo(d.get("certificate").asText());
        assertThat(cert.json().at("/data/revocation_time").asInt()).isZero();
        assertThat(call("GET", "/v1/pki/cert/01:02", null).body()).isEqualTo("{\"errors\":[]}");

        Resp form = call("POST", "/v1/pki/issue/edge-node", "common_name=form.edge&ttl=2h", "X-Vault-Token", lab.vaultToken(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(x509(form.json().at("/data/certificate").asText()).getNotAfter().toInstant())
                .isEqualTo(T0.plusSeconds(7200));

        assertThat(vault("POST", "/v1/pki/issue/nope", "{\"common_name\":\"x.edge\"}").body()).isEqualTo("{\"errors\":[\"unknown role: nope\"]}");
        assertThat(vault("POST", "/v1/pki/issue/edge-node", "{\"common_name\":\"x.edge\",\"ip_sans\":\"10.0.0.300\"}").body())
                .isEqualTo("{\"errors\":[\"the value \\\"10.0.0.300\\\" is not a valid IP address\"]}");
        assertThat(vault("POST", "/v1/pki/issue/edge-node", "{\"common_name\":\"not a host\"}").body())
                .isEqualTo("{\"errors\":[\"common name not a host not allowed by this role\"]}");
        assertThat(vault("POST", "/v1/pki/issue/edge-node", "{}").status()).isEqualTo(400);
        assertThat(vault("GET", "/v1/pki/issue/edge-node", null).status()).isEqualTo(405);
        assertThat(vault("GET", "/v1/pki/roles/edge-node", null).json().at("/data/max_ttl").asLong()).isEqualTo(90L * 86400);
        assertThat(vault("LIST", "/v1/pki/roles", null).json().at("/data/keys").toString()).isEqualTo("[\"edge-node\"]");
        assertThat(call("POST", "/v1/pki/issue/edge-node", "{\"common_name\":\"x.edge\"}").status()).as("issuing needs the token").isEqualTo(403);
    }

    @Test
    void sysMountsListsTheEngines() throws Exception {
        JsonNode j = vault("GET", "/v1/sys/mounts", null).json();
        assertThat(j.at("/data/secret~1/type").asText()).isEqualTo("kv");
        assertThat(j.at("/data/secret~1/options/version").asText()).isEqualTo("2");
        assertThat(j.at("/data/pki~1/type").asText()).isEqualTo("pki");
        assertThat(j.at("/secret~1/type").asText()).as("sys/ data repeated at the top level, as Vault does").isEqualTo("kv");
        assertThat(j.get("mount_type").asText()).isEqualTo("system");
        assertThat(vault("GET", "/v1/sys/mounts/secret/tune", null).json().at("/data/options/version").asText()).isEqualTo("2");
        assertThat(vault("GET", "/v1/sys/internal/ui/mounts/secret/edge/x", null).json().at("/data/path").asText()).isEqualTo("secret/");
        assertThat(vault("GET", "/v1/auth/token/lookup-self", null).json().at("/data/policies/0").asText()).isEqualTo("root");
    }

    @Test
    void theCaAndTokenComeFromTheSeedAndThePortIsFreedOnStop() throws Exception {
        LabOptions o = smallLab();
        assertThat(LabOptions.defaults().resolvedVaultPort()).isEqualTo(19998);
        assertThat(o.resolvedVaultPort()).isZero();
        int port;
        String token, ca;
        try (Lab a = Lab.start(o)) {
            port = URI.create(a.vaultAddress()).getPort();
            token = a.vaultToken();
            ca = caPem(a);
            assertThat(port).isNotEqualTo(URI.create(lab.vaultAddress()).getPort());
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
        try (Lab b = Lab.start(o.withVaultPort(port))) {
            assertThat(b.vaultAddress()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(b.vaultToken()).isEqualTo(token);
            assertThat(caPem(b)).isEqualTo(ca);
        }
        try (Lab c = Lab.start(o.withSeed("other"))) {
            assertThat(c.vaultToken()).isNotEqualTo(token);
            assertThat(caPem(c)).isNotEqualTo(ca);
        }
    }

    private static String caPem(Lab l) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(l.vaultAddress() + "/v1/pki/ca/pem")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
