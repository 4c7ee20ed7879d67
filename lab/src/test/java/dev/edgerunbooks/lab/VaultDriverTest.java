package dev.edgerunbooks.lab;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.api.pki.CredentialFormat;
import io.github.jopenlibs.vault.api.pki.PrivateKeyFormat;
import io.github.jopenlibs.vault.api.sys.mounts.MountType;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.PkiResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's Vault stand-in through the Vault Java driver the product uses, configured as for a real Vault. */
class VaultDriverTest extends VaultLabFixture {
    static Vault vault;

    @BeforeAll
    static void driver() throws Exception {
        vault = driver(lab.vaultToken());
    }

    /** As the product configures it for a real Vault: address, token, KV engine version 2, no retries. */
    static Vault driver(String token) throws VaultException {
        return Vault.create(new VaultConfig().address(lab.vaultAddress()).token(token).engineVersion(2)
                .openTimeout(5).readTimeout(5).build());
    }

    private static Map<String, Object> secret(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void writesReadsAndReadsOlderVersions() throws Exception {
        String path = "secret/edge/store-0001/pve-token";
        LogicalResponse w1 = vault.logical().write(path, secret("token", "s3cr3t", "port", 8006, "tls", true));
        assertThat(w1.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(w1.getData()).containsEntry("version", "1").containsEntry("created_time", "2026-11-23T10:00:00Z")
                .containsEntry("deletion_time", "").containsEntry("destroyed", "false");
        clock.advance(Duration.ofMillis(1500));
        vault.logical().write(path, secret("token", "rotated", "port", 8006, "tls", true));

        LogicalResponse latest = vault.logical().read(path);
        assertThat(latest.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(latest.getData()).containsEntry("token", "rotated").containsEntry("port", "8006").containsEntry("tls", "true");
        assertThat(latest.getDataMetadata().getVersion()).isEqualTo(2L);
        assertThat(latest.getDataMetadata().getMetadataMap()).containsEntry("created_time", "2026-11-23T10:00:01.5Z");

        LogicalResponse v1 = vault.logical().read(path, false, 1);
        assertThat(v1.getData()).containsEntry("token", "s3cr3t");
        assertThat(v1.getDataMetadata().getVersion()).isEqualTo(1L);

        LogicalResponse missing = vault.logical().read("secret/edge/store-0001/nothing-here");
        assertThat(missing.getRestResponse().getStatus()).isEqualTo(404);
        assertThat(missing.getData()).isEmpty();
        assertThat(vault.logical().read(path, false, 7).getRestResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void checkAndSetRefusesAStaleVersion() throws Exception {
        String path = "secret/edge/cas/api-key";
        LogicalResponse first = vault.logical().write(path, secret("k", "a"), null, new WriteOptions().checkAndSet(0L));
        assertThat(first.getRestResponse().getStatus()).isEqualTo(200);
        LogicalResponse again = vault.logical().write(path, secret("k", "b"), null, new WriteOptions().checkAndSet(0L));
        assertThat(again.getRestResponse().getStatus()).isEqualTo(400);
        assertThat(new String(again.getRestResponse().getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
        LogicalResponse right = vault.logical().write(path, secret("k", "c"), null, new WriteOptions().checkAndSet(1L));
        assertThat(right.getData()).containsEntry("version", "2");
        assertThat(vault.logical().read(path).getData()).containsEntry("k", "c");
    }

    @Test
    void listsFoldersAndSecrets() throws Exception {
        vault.logical().write("secret/fleet/eu/store-0001", secret("a", "1"));
        vault.logical().write("secret/fleet/eu/store-0002", secret("a", "2"));
        vault.logical().write("secret/fleet/eu/pbs/store-0001", secret("a", "3"));
        vault.logical().write("secret/fleet/us", secret("a", "4"));

        assertThat(vault.logical().list("secret/fleet").getListData()).containsExactly("eu/", "us");
        assertThat(vault.logical().list("secret/fleet/eu/").getListData()).containsExactly("pbs/", "store-0001", "store-0002");
        LogicalResponse none = vault.logical().list("secret/fleet/nowhere");
        assertThat(none.getRestResponse().getStatus()).isEqualTo(404);
        assertThat(none.getListData()).isEmpty();
    }

    @Test
    void deletesSoftlyUndeletesDestroysAndDeletesAll() throws Exception {
        String path = "secret/edge/lifecycle/secret";
        vault.logical().write(path, secret("v", "1"));
        vault.logical().write(path, secret("v", "2"));

        assertThat(vault.logical().delete(path).getRestResponse().getStatus()).isEqualTo(204); // all versions: metadata
        assertThat(vault.logical().read(path).getRestResponse().getStatus()).isEqualTo(404);
        assertThat(vault.logical().list("secret/edge/lifecycle").getListData()).isEmpty();

        vault.logical().write(path, secret("v", "1"));
        vault.logical().write(path, secret("v", "2"));
        vault.logical().delete(path, new int[]{2});
        LogicalResponse deleted = vault.logical().read(path);
        assertThat(deleted.getRestResponse().getStatus()).isEqualTo(404);
        assertThat(deleted.getDataMetadata().getMetadataMap()).containsEntry("deletion_time", "2026-11-23T10:00:00Z")
                .containsEntry("version", "2");
        assertThat(vault.logical().read(path, false, 1).getData()).containsEntry("v", "1");

        vault.logical().unDelete(path, new int[]{2});
        assertThat(vault.logical().read(path).getData()).containsEntry("v", "2");

        vault.logical().destroy(path, new int[]{1});
        LogicalResponse destroyed = vault.logical().read(path, false, 1);
        assertThat(destroyed.getRestResponse().getStatus()).isEqualTo(404);
        assertThat(destroyed.getDataMetadata().getMetadataMap()).containsEntry("destroyed", "true");
        assertThat(vault.logical().list("secret/edge/lifecycle").getListData()).containsExactly("secret");
    }

    @Test
    void issuesACertificateWithTheRequestedNamesAndValidity() throws Exception {
        PkiResponse r = vault.pki("pki").issue("edge-node", "pve1.store-0001.edge", List.of("pve1.store-0001.edge", "pve1.internal"),
                List.of("10.20.0.11", "fd00::11"), "720h", CredentialFormat.PEM);
        assertThat(r.getRestResponse().getStatus()).isEqualTo(200);
        var cred = r.getCredential();
        X509Certificate cert = x509(cred.getCertificate());
        X509Certificate ca = x509(cred.getIssuingCa());
        cert.verify(ca.getPublicKey());
        assertThat(cred.getCaChain()).containsExactly(cred.getIssuingCa());
        assertThat(cred.getPrivateKeyType()).isEqualTo("ec");
        assertThat(cred.getPrivateKey()).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=pve1.store-0001.edge");
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(T0.minusSeconds(30));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofHours(720)));
        assertThat(r.getData()).containsEntry("expiration", Long.toString(T0.plus(Duration.ofHours(720)).getEpochSecond()));
        assertThat(sans(cert)).containsExactlyInAnyOrder("2:pve1.store-0001.edge", "2:pve1.internal", "7:10.20.0.11", "7:fd00:0:0:0:0:0:0:11");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cred.getSerialNumber()).matches("[0-9a-f]{2}(:[0-9a-f]{2})+")
                .isEqualTo(hexColons(cert.getSerialNumber().toByteArray()));
        // the driver always sends csr="", which Vault's issue endpoint does not know
        assertThat(r.getRestResponse().getBody()).asString(StandardCharsets.UTF_8)
                .contains("\"warnings\":[\"Endpoint ignored these unrecognized parameters: [csr]\"]");

        PkiResponse pkcs8 = vault.pki("pki").issue("edge-node", "pbs.store-0001.edge", null, null, null, CredentialFormat.PEM, PrivateKeyFormat.PKCS8);
        String pem = pkcs8.getCredential().getPrivateKey();
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        X509Certificate leaf = x509(pkcs8.getCredential().getCertificate());
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[]{1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(leaf.getPublicKey());
        s.update(new byte[]{1, 2, 3});
        assertThat(s.verify(sig)).as("the key belongs to the certificate").isTrue();
        assertThat(leaf.getNotAfter().toInstant()).as("the role's default TTL, 30 days").isEqualTo(T0.plus(Duration.ofDays(30)));
    }

    @Test
    void capsTheTtlAtTheRolesMaxAndRefusesAnUnknownRole() throws Exception {
        PkiResponse capped = vault.pki().issue("edge-node", "long.edge", null, null, "4000h", CredentialFormat.PEM);
        assertThat(x509(capped.getCredential().getCertificate()).getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(90)));
        assertThat(capped.getRestResponse().getBody()).asString(StandardCharsets.UTF_8)
                .contains("TTL \\\"4000h0m0s\\\" is longer than permitted maxTTL \\\"2160h0m0s\\\", so maxTTL is being used");

        assertThatThrownBy(() -> vault.pki().issue("edge-nod", "x.edge", null, null, null, CredentialFormat.PEM))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("400").hasMessageContaining("{\"errors\":[\"unknown role: edge-nod\"]}")
                .extracting(e -> ((VaultException) e).getHttpStatusCode()).isEqualTo(400);
    }

    @Test
    void revokesAndShowsTheRevocation() throws Exception {
        PkiResponse issued = vault.pki().issue("edge-node", "old.edge", null, null, "1h", CredentialFormat.PEM);
        String serial = issued.getCredential().getSerialNumber();
        clock.advance(Duration.ofSeconds(10));
        PkiResponse revoked = vault.pki().revoke(serial);
        assertThat(revoked.getData()).containsEntry("revocation_time", Long.toString(T0.getEpochSecond() + 10))
                .containsEntry("revocation_time_rfc3339", "2026-11-23T10:00:10Z").containsEntry("state", "revoked");
        // with engine version 2 the driver rewrites every logical path (pki/cert/x to pki/data/cert/x): read other engines
        // through a driver on version 1
        Vault plain = Vault.create(new VaultConfig().address(lab.vaultAddress()).token(lab.vaultToken()).engineVersion(1).build());
        LogicalResponse read = plain.logical().read("pki/cert/" + serial);
        assertThat(read.getData()).containsEntry("revocation_time_rfc3339", "2026-11-23T10:00:10Z")
                .containsEntry("certificate", issued.getCredential().getCertificate());
        assertThatThrownBy(() -> vault.pki().revoke("00:11:22")).isInstanceOf(VaultException.class)
                .extracting(e -> ((VaultException) e).getHttpStatusCode()).isEqualTo(400);
    }

    @Test
    void healthMountsAndTheRootToken() throws Exception {
        var health = vault.debug().health();
        assertThat(health.getInitialized()).isTrue();
        assertThat(health.getSealed()).isFalse();
        assertThat(health.getStandby()).isFalse();
        assertThat(health.getServerTimeUTC()).isEqualTo(T0.getEpochSecond());

        var mounts = vault.mounts().list().getMounts();
        assertThat(mounts).containsKeys("secret/", "pki/");
        assertThat(mounts.get("secret/").getType()).isEqualTo(MountType.KEY_VALUE);
        assertThat(mounts.get("pki/").getType()).isEqualTo(MountType.PKI);
        assertThat(vault.getSecretEngineVersions()).containsEntry("secret/", "2");

        // a driver told to discover engine versions from sys/mounts (the path map) works too
        Vault discovering = Vault.create(new VaultConfig().address(lab.vaultAddress()).token(lab.vaultToken()).build(), true, 2);
        discovering.logical().write("secret/discovered", secret("x", "y"));
        assertThat(discovering.logical().read("secret/discovered").getData()).containsEntry("x", "y");

        assertThat(vault.auth().lookupSelf().getPolicies()).containsExactly("root");
        assertThat(vault.seal().sealStatus().getSealed()).isFalse();
    }

    @Test
    void aWrongTokenIsDenied() throws Exception {
        Vault wrong = driver("hvs.not-the-token");
        LogicalResponse r = wrong.logical().read("secret/edge/store-0001/pve-token");
        assertThat(r.getRestResponse().getStatus()).isEqualTo(403);
        assertThat(new String(r.getRestResponse().getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"errors\":[\"permission denied\"]}");
        assertThatThrownBy(() -> wrong.pki().issue("edge-node", "x.edge", null, null, null, CredentialFormat.PEM))
                .isInstanceOf(VaultException.class).extracting(e -> ((VaultException) e).getHttpStatusCode()).isEqualTo(403);
    }

    @Test
    void aSealedVaultFailsEveryCallAndSaysSoInHealth() throws Exception {
        vault.logical().write("secret/sealed/probe", secret("a", "b"));
        lab.vaultFaults().sealed(true);
        assertThatThrownBy(() -> vault.logical().read("secret/sealed/probe")).isInstanceOf(VaultException.class)
                .hasMessageContaining("{\"errors\":[\"Vault is sealed\"]}")
                .extracting(e -> ((VaultException) e).getHttpStatusCode()).isEqualTo(503);
        assertThat(vault.debug().health().getSealed()).isTrue();
        assertThat(vault.debug().health().getRestResponse().getStatus()).isEqualTo(503);
        assertThat(vault.seal().sealStatus().getSealed()).isTrue();

        lab.vaultFaults().sealed(false);
        assertThat(vault.logical().read("secret/sealed/probe").getData()).containsEntry("a", "b");
    }

    @Test
    void anUnreachableVaultRefusesConnectionsThenComesBackOnTheSamePort() throws Exception {
        String address = lab.vaultAddress();
        vault.logical().write("secret/unreachable/probe", secret("a", "b"));
        lab.vaultFaults().unreachable(true);
        assertThatThrownBy(() -> vault.logical().read("secret/unreachable/probe")).isInstanceOf(VaultException.class);
        lab.vaultFaults().unreachable(false);
        assertThat(lab.vaultAddress()).isEqualTo(address);
        assertThat(vault.logical().read("secret/unreachable/probe").getData()).containsEntry("a", "b");
    }

    @Test
    void countsRequestsByPath() throws Exception {
        long before = lab.vaultRequests("secret/data/counted/");
        vault.logical().write("secret/counted/one", secret("a", "b"));
        vault.logical().read("secret/counted/one");
        vault.logical().read("secret/counted/two");
        assertThat(lab.vaultRequests("secret/data/counted/") - before).isEqualTo(3);
        assertThat(lab.vaultRequests("secret/data/counted/one")).isEqualTo(2);
    }

    private static String hexColons(byte[] b) {
        if (b.length > 1 && b[0] == 0) b = java.util.Arrays.copyOfRange(b, 1, b.length);
        return java.util.HexFormat.ofDelimiter(":").formatHex(b);
    }
}
