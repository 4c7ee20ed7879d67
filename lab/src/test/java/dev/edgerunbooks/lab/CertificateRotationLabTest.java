package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Custom TLS certificates of PVE nodes, as a certificate rotation runbook meets them: uploads and deletes through any node of the
 * cluster, pveproxy restarts that change what a real handshake sees and drop open connections, PVE's refusals, and the fault
 * that leaves a node serving a broken certificate after an upload.
 */
class CertificateRotationLabTest {
    static final String STORE = "store-0001";
    static Lab lab;
    static final Set<String> pins = ConcurrentHashMap.newKeySet();
    static LabClient client;

    @BeforeAll
    static void start() {
        lab = Lab.start(LabOptions.defaults().withStores(1).withBasePort(0).withAdminPort(0).withTimeScale(0)
                .withAuthFailureDelay(Duration.ZERO).withStaging(false));
        pins.addAll(LabApiTest.pins(lab));
        client = new LabClient(pins);
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static URI node(String n) {
        URI api = lab.pveUri(STORE, n);
        return URI.create("https://" + api.getHost() + ":" + api.getPort());
    }

    /** A call through another node than the one it is for (PVE proxies to the named node). */
    static LabClient.Resp call(String method, String path, Map<String, ?> params) throws Exception {
        String via = path.startsWith("/nodes/pve1/") ? "pve2" : "pve1";
        return client.call(method, lab.pveUri(STORE, via), path, lab.credentials(STORE).pveAuthorization(), params);
    }

    static LabClient.Resp upload(String node, Map<String, ?> params) throws Exception {
        return call("POST", "/nodes/" + node + "/certificates/custom", params);
    }

    /**
     * Waits until a fresh handshake with the node gets a certificate that passes (pveproxy restarts a moment after the answer;
     * a connection it accepts just then may be dropped by the restart).
     */
    static X509Certificate awaitServed(String n, java.util.function.Predicate<String> fingerprint) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (; ; Thread.sleep(50)) {
            assertThat(System.nanoTime()).as(n + " serves the expected certificate").isLessThan(deadline);
            try {
                X509Certificate c = TestCerts.served(node(n));
                if (fingerprint.test(Certs.fingerprint(c))) return c;
            } catch (IOException dropped) {
                // restarting: try again
            }
        }
    }

    static void awaitServed(String n, String fingerprint) throws Exception {
        awaitServed(n, fingerprint::equals);
    }

    static JsonNode files(String node) throws Exception {
        LabClient.Resp r = call("GET", "/nodes/" + node + "/certificates/info", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data();
    }

    @Test
    void uploadWithRestartChangesTheServedCertificateAndDropsConnections() throws Exception {
        String own = lab.fingerprint(STORE, "pve2");
        assertThat(TestCerts.servedFingerprint(node("pve2"))).isEqualTo(own);
        TestCerts.Issued next = TestCerts.selfSigned("pve2.store.example");
        pins.add(next.fingerprint());
        LabClient pooled = new LabClient(pins); // keeps its connection to pve2 between calls
        URI pve2 = lab.pveUri(STORE, "pve2");
        String auth = lab.credentials(STORE).pveAuthorization();
        assertThat(pooled.call("GET", pve2, "/version", auth, null).status()).isEqualTo(200);
        try (SSLSocket open = TestCerts.connect(node("pve2"))) {
            LabClient.Resp r = upload("pve2", Map.of("certificates", next.certPem(), "key", next.pkcs8(), "restart", 1));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode info = r.data();
            assertThat(info.get("filename").asText()).isEqualTo("pveproxy-ssl.pem");
            assertThat(info.get("fingerprint").asText()).isEqualTo(next.fingerprint());
            assertThat(info.get("subject").asText()).isEqualTo("/CN=pve2.store.example/O=edge-runbooks test");
            assertThat(info.get("san").toString()).isEqualTo("[\"pve2.store.example\",\"127.0.0.1\"]");
            assertThat(info.get("public-key-type").asText()).isEqualTo("id-ecPublicKey");
            assertThat(info.get("public-key-bits").asInt()).isEqualTo(256);
            assertThat(info.get("notafter").asLong()).isEqualTo(next.cert().getNotAfter().getTime() / 1000);
            assertThat(info.get("pem").asText()).isEqualTo(next.certPem());

            awaitServed("pve2", next.fingerprint());
            // the connection opened before the restart is closed by the node
            int read;
            try {
                read = open.getInputStream().read();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the connection opened before the restart is still open", e);
            } catch (IOException e) {
                read = -1; // reset
            }
            assertThat(read).as("the old connection is closed").isEqualTo(-1);
        }
        // a pooled client connects again and gets the new certificate
        assertThat(pooled.call("GET", pve2, "/version", auth, null).status()).isEqualTo(200);
        assertThat(lab.fingerprint(STORE, "pve2")).isEqualTo(next.fingerprint());
        assertThat(lab.certificate(STORE, "pve2")).isEqualTo(new LabInspection.NodeCertificate("pve2", next.fingerprint(), own, true, next.fingerprint()));
        assertThat(files("pve2").findValuesAsText("filename")).containsExactly("pve-ssl.pem", "pveproxy-ssl.pem");
        assertThat(files("pve2").get(1).get("fingerprint").asText()).isEqualTo(next.fingerprint());

        // deleting it brings back the node's own certificate
        LabClient.Resp del = call("DELETE", "/nodes/pve2/certificates/custom", Map.of("restart", 1));
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(del.data().isNull()).isTrue();
        awaitServed("pve2", own);
        assertThat(files("pve2").findValuesAsText("filename")).containsExactly("pve-ssl.pem");
        assertThat(lab.certificate(STORE, "pve2").customInstalled()).isFalse();
        LabInspection.Operations ops = lab.operations(STORE);
        assertThat(ops.count("upload-certificate", "pve2")).isEqualTo(1);
        assertThat(ops.count("delete-certificate", "pve2")).isEqualTo(1);
    }

    @Test
    void refusalsAndUploadsWithoutRestart() throws Exception {
        String own = lab.fingerprint(STORE, "pve3");
        TestCerts.Issued a = TestCerts.selfSigned("pve3.store.example"), b = TestCerts.selfSigned("pve3.store.example");
        pins.add(a.fingerprint());
        // no key given, none installed
        LabClient.Resp noKey = upload("pve3", Map.of("certificates", a.certPem()));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.json().at("/errors/key").asText()).isEqualTo("Attempted to upload custom certificate without (existing) key.");
        // not PEM
        LabClient.Resp garbage = upload("pve3", Map.of("certificates", "hello", "key", a.pkcs8()));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().at("/errors/certificates").asText()).contains("not a valid PEM-formatted string");
        // another certificate's key
        LabClient.Resp mismatch = upload("pve3", Map.of("certificates", a.certPem(), "key", b.pkcs8()));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().at("/errors/key").asText()).contains("does not match");
        assertThat(files("pve3")).hasSize(1);

        // without restart the files change, what the node serves does not
        LabClient.Resp up = upload("pve3", Map.of("certificates", "leading text\n" + a.certPem(), "key", a.sec1()));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(files("pve3").findValuesAsText("fingerprint")).containsExactly(own, a.fingerprint());
        Thread.sleep(NodeServer.PVEPROXY_RESTART_MILLIS + 200);
        assertThat(TestCerts.servedFingerprint(node("pve3"))).isEqualTo(own);
        assertThat(lab.certificate(STORE, "pve3")).isEqualTo(new LabInspection.NodeCertificate("pve3", own, own, true, a.fingerprint()));

        // a custom certificate exists: force is needed (PVE's set_cert_files dies: 500)
        LabClient.Resp again = upload("pve3", Map.of("certificates", b.certPem(), "key", b.pkcs8()));
        assertThat(again.status()).isEqualTo(500);
        assertThat(again.json().get("message").asText()).isEqualTo("Custom certificate file exists but force flag is not set.\n");
        // the installed key serves when none is given; it must belong to the new certificate
        assertThat(upload("pve3", Map.of("certificates", b.certPem(), "force", 1)).status()).isEqualTo(400);
        LabClient.Resp sameKey = upload("pve3", Map.of("certificates", a.certPem(), "force", 1, "restart", 1));
        assertThat(sameKey.status()).as(sameKey.body()).isEqualTo(200);
        awaitServed("pve3", a.fingerprint());
        assertThat(lab.operations(STORE).count("upload-certificate", "pve3")).isEqualTo(2);

        // a node that is not in the cluster
        assertThat(call("GET", "/nodes/pve9/certificates/info", null).status()).isEqualTo(500);
    }

    @Test
    void brokenCertificateFaultServesAnotherCertificateOnce() throws Exception {
        TestCerts.Issued c = TestCerts.selfSigned("pve1.store.example");
        pins.add(c.fingerprint());
        lab.faults(STORE).brokenCertificateAfterUpload("pve1", true).clear(); // clear() clears it too
        assertThat(LabClient.admin(lab, "PUT", "/stores/" + STORE + "/nodes/pve1/broken-certificate", "{\"enabled\":true}")).startsWith("200 ")
                .contains("\"brokenCertificate\" : [ \"pve1\" ]");

        LabClient.Resp up = upload("pve1", Map.of("certificates", c.certPem(), "key", c.pkcs8(), "restart", 1));
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(up.data().get("fingerprint").asText()).isEqualTo(c.fingerprint());
        String own = lab.certificate(STORE, "pve1").defaultFingerprint();
        X509Certificate broken = awaitServed("pve1", fp -> !fp.equals(own));
        assertThat(Certs.fingerprint(broken)).isNotEqualTo(c.fingerprint());
        assertThat(broken.getSubjectX500Principal().getName()).isEqualTo("CN=broken");
        assertThat(broken.getNotAfter().toInstant()).isBefore(java.time.Instant.now());
        // the files say what was uploaded; the inspection says what is served
        assertThat(files("pve1").get(1).get("fingerprint").asText()).isEqualTo(c.fingerprint());
        String inspect = LabClient.admin(lab, "GET", "/stores/" + STORE + "/nodes/pve1/certificate", null);
        assertThat(inspect).startsWith("200 ").contains("\"servedFingerprint\" : \"" + Certs.fingerprint(broken) + "\"")
                .contains("\"customFingerprint\" : \"" + c.fingerprint() + "\"").contains("\"customInstalled\" : true");
        // one-shot: uploading the same certificate again serves it
        assertThat(LabClient.admin(lab, "GET", "/stores/" + STORE, null)).contains("\"brokenCertificate\" : [ ]");
        LabClient.Resp again = upload("pve1", Map.of("certificates", c.certPem(), "key", c.pkcs8(), "force", 1, "restart", 1));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        awaitServed("pve1", c.fingerprint());
    }
}
