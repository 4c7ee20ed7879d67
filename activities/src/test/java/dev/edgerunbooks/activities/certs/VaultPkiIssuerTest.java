package dev.edgerunbooks.activities.certs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.activities.tls.Pem;
import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Node certificates from Vault's PKI engine (the lab's stand-in, role edge-node) through the driver. */
class VaultPkiIssuerTest {
  Lab lab;
  VaultClient vault;

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options());
    vault = LabSites.vault(lab);
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void issuesAKeyAndCertificateForTheNodesNamesAndAddressChainedToVaultsCa() throws Exception {
    CertificateRequest request = new CertificateRequest(
        "store-0001", "pve1", "pve1.store-0001.lab", List.of("pve1.store-0001.lab"), List.of("127.0.0.1"));

    NewCertificate issued = new VaultPkiIssuer(vault, "2160h").issue(request, () -> {});

    String ca = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(lab.vaultAddress() + "/v1/pki/ca/pem")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    X509Certificate leaf = CertificateChecks.valid(issued, Pem.leaf(ca, "Vault's CA"));
    assertThat(CertificateChecks.names(leaf)).containsExactlyInAnyOrder("pve1.store-0001.lab", "127.0.0.1");
    assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=pve1.store-0001.lab");
    assertThat(issued.issuer()).isEqualTo(CertIssuer.VAULT_PKI);
    assertThat(Duration.between(issued.notBefore(), issued.notAfter())).isBetween(Duration.ofDays(89), Duration.ofDays(91));
    assertThat(issued.serial()).matches("[0-9a-f]{2}(:[0-9a-f]{2})+");
  }
}
