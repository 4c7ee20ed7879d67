package dev.edgerunbooks.activities.certrotation;

import static dev.edgerunbooks.activities.staging.LabSites.FAST;
import static dev.edgerunbooks.activities.staging.LabSites.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.certs.CertificateIssuer;
import dev.edgerunbooks.activities.certs.VaultPkiIssuer;
import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.activities.vault.VaultPins;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.IssuedCertificate;
import dev.edgerunbooks.workflows.certrotation.ServedCertificate;
import dev.edgerunbooks.workflows.certrotation.StoreCertActivities;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store's certificate steps against the lab's store-0001 and its Vault (KV and PKI through the
 * driver), each called twice where a retry could repeat work: the lab's operation counts and Vault's
 * entries prove the second call changed nothing.
 */
class StoreCertActivitiesImplTest {
  Lab lab;
  VaultClient vault;
  StoreClients clients;
  TestActivityEnvironment env;
  StoreCertActivities site;

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options());
    vault = LabSites.vault(lab);
    clients = clients(new VaultPins(vault, Duration.ofMinutes(10)));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new StoreCertActivitiesImpl(clients, vault, List.<CertificateIssuer>of(new VaultPkiIssuer(vault, null)),
        StoreCertSettings.defaults("lab").withServedTimeout(Duration.ofSeconds(3), Duration.ofMillis(100))));
    site = LabSites.onceStub(env, StoreCertActivities.class);
  }

  @AfterEach
  void stop() {
    env.close();
    lab.close();
  }

  StoreClients clients(PinSource pins) {
    return new StoreClients(LabSites.store(lab, STORE), LabSites.credentials(lab), pins, FAST);
  }

  /** A client of one node trusting only the fingerprint of the fleet definition given. */
  StoreClients pinnedTo(String node, String fingerprint) {
    StoreEndpoints store = LabSites.store(lab, STORE);
    NodeEndpoint n = store.nodes().stream().filter(e -> e.name().equals(node)).findFirst().orElseThrow();
    return new StoreClients(
        new StoreEndpoints(STORE, List.of(new NodeEndpoint(node, n.endpoint(), fingerprint)), null, store.pveTokenId(), null),
        LabSites.credentials(lab), FAST);
  }

  static ApplicationFailure failure(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure).as("the activity failed").isNotNull();
    return (ApplicationFailure) failure.getCause();
  }

  Map<String, String> entry(String path) {
    return vault.read(path).orElse(null);
  }

  int uploads() {
    return lab.operations(STORE).count("upload-certificate");
  }

  int deletes() {
    return lab.operations(STORE).count("delete-certificate");
  }

  /** Issues, deploys, proves and promotes a new certificate on the node; returns it. */
  IssuedCertificate rotate(String node) {
    IssuedCertificate issued = site.issue(STORE, node, CertIssuer.VAULT_PKI);
    site.deploy(STORE, node, issued.fingerprint());
    assertThat(site.servedFingerprint(STORE, node, issued.fingerprint())).isEqualTo(issued.fingerprint());
    site.promote(STORE, node, issued.fingerprint());
    return issued;
  }

  @Test
  void inspectSaysWhatEachNodeServes() {
    List<ServedCertificate> served = site.inspect(STORE);

    assertThat(served).extracting(ServedCertificate::node).containsExactly("pve1", "pve2", "pve3");
    assertThat(served).allSatisfy(s -> {
      assertThat(s.fingerprint()).isEqualTo(lab.fingerprint(STORE, s.node()));
      assertThat(s.custom()).isFalse();
      assertThat(s.restorable()).as("the node's own certificate can always be put back").isTrue();
      assertThat(s.notAfter()).isAfter(s.notBefore());
      assertThat(s.subject()).contains(s.node() + ".store-0001.lab");
    });
  }

  @Test
  void aRotationIssuesDeploysProvesAndPromotesEachStepOnceThoughCalledTwice() {
    String old = lab.fingerprint(STORE, "pve1");
    String pinsPath = vault.paths().pins(STORE, "pve1");

    IssuedCertificate issued = site.issue(STORE, "pve1", CertIssuer.VAULT_PKI);
    assertThat(site.issue(STORE, "pve1", CertIssuer.VAULT_PKI)).as("the pending certificate, again").isEqualTo(issued);
    assertThat(lab.vaultRequests("pki/issue/")).isEqualTo(1);
    assertThat(entry(vault.paths().pendingCertificate(STORE, "pve1"))).containsKeys("certificate", "key")
        .containsEntry("fingerprint", issued.fingerprint()).containsEntry("issuer", "VAULT_PKI");
    assertThat(issued.toString()).doesNotContain("PRIVATE KEY");

    site.deploy(STORE, "pve1", issued.fingerprint());
    site.deploy(STORE, "pve1", issued.fingerprint());
    assertThat(uploads()).isEqualTo(1);
    assertThat(entry(pinsPath)).isEqualTo(Map.of("current", old, "next", issued.fingerprint()));

    assertThat(site.servedFingerprint(STORE, "pve1", issued.fingerprint())).isEqualTo(issued.fingerprint());
    assertThat(site.servedFingerprint(STORE, "pve1", issued.fingerprint())).isEqualTo(issued.fingerprint());
    assertThat(lab.certificate(STORE, "pve1").servedFingerprint()).isEqualTo(issued.fingerprint());

    site.promote(STORE, "pve1", issued.fingerprint());
    site.promote(STORE, "pve1", issued.fingerprint());
    assertThat(entry(pinsPath)).isEqualTo(Map.of("current", issued.fingerprint()));
    assertThat(entry(vault.paths().certificate(STORE, "pve1"))).containsEntry("fingerprint", issued.fingerprint());
    assertThat(entry(vault.paths().pendingCertificate(STORE, "pve1"))).isNull();

    // a worker starting now trusts Vault's pin; one still pinned to the old certificate is refused
    assertThat(clients(new VaultPins(vault, Duration.ofMinutes(10))).pveOn("pve1").certificates("pve1")).isNotEmpty();
    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class, () -> pinnedTo("pve1", old).pve().certificates("pve1"));
    assertThat(refused.getType()).isEqualTo(FailureTypes.TLS_PIN_MISMATCH);
    assertThat(refused.getOriginalMessage()).contains("expected SHA-256 fingerprint " + old, "presented " + issued.fingerprint());

    ServedCertificate now = site.inspect(STORE).get(0);
    assertThat(now.fingerprint()).isEqualTo(issued.fingerprint());
    assertThat(now.custom()).isTrue();
    assertThat(now.restorable()).as("Vault holds its key").isTrue();
    assertThat(uploads()).isEqualTo(1);
  }

  @Test
  void aBrokenNewCertificateIsReplacedByTheNodesOwnAgain() {
    String old = lab.fingerprint(STORE, "pve2");
    lab.faults(STORE).brokenCertificateAfterUpload("pve2", true);
    IssuedCertificate issued = site.issue(STORE, "pve2", CertIssuer.VAULT_PKI);
    site.deploy(STORE, "pve2", issued.fingerprint());

    String served = site.servedFingerprint(STORE, "pve2", issued.fingerprint());
    assertThat(served).isNotEqualTo(issued.fingerprint()).isNotEqualTo(old);

    assertThat(site.restorePrevious(STORE, "pve2")).isEqualTo(old);
    assertThat(site.restorePrevious(STORE, "pve2")).isEqualTo(old);
    assertThat(deletes()).isEqualTo(1);
    assertThat(site.servedFingerprint(STORE, "pve2", old)).isEqualTo(old);
    assertThat(entry(vault.paths().pins(STORE, "pve2"))).isEqualTo(Map.of("current", old));
    assertThat(entry(vault.paths().pendingCertificate(STORE, "pve2"))).isNull();
    assertThat(lab.certificate(STORE, "pve2").customInstalled()).isFalse();
  }

  @Test
  void aBrokenNewCertificateIsReplacedByTheCustomOneVaultHolds() {
    IssuedCertificate first = rotate("pve3");
    lab.faults(STORE).brokenCertificateAfterUpload("pve3", true);
    IssuedCertificate second = site.issue(STORE, "pve3", CertIssuer.VAULT_PKI);
    assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
    site.deploy(STORE, "pve3", second.fingerprint());
    assertThat(site.servedFingerprint(STORE, "pve3", second.fingerprint())).isNotEqualTo(second.fingerprint());
    assertThat(uploads()).isEqualTo(2);

    assertThat(site.restorePrevious(STORE, "pve3")).isEqualTo(first.fingerprint());
    assertThat(site.restorePrevious(STORE, "pve3")).isEqualTo(first.fingerprint());

    assertThat(uploads()).as("the previous certificate uploaded once more").isEqualTo(3);
    assertThat(site.servedFingerprint(STORE, "pve3", first.fingerprint())).isEqualTo(first.fingerprint());
    assertThat(entry(vault.paths().pins(STORE, "pve3"))).isEqualTo(Map.of("current", first.fingerprint()));
    assertThat(entry(vault.paths().certificate(STORE, "pve3"))).containsEntry("fingerprint", first.fingerprint());
  }

  @Test
  void aCustomCertificateWhoseKeyVaultLacksIsNotRestorable() {
    // someone installed a certificate by hand, and the pins followed it
    IssuedCertificate handMade = site.issue(STORE, "pve1", CertIssuer.VAULT_PKI);
    Map<String, String> pending = entry(vault.paths().pendingCertificate(STORE, "pve1"));
    clients.pveExcept("pve1").uploadCustomCertificate("pve1", pending.get("certificate"), pending.get("key"), true, true);
    vault.delete(vault.paths().pendingCertificate(STORE, "pve1"));
    vault.write(vault.paths().pins(STORE, "pve1"), Map.of("current", handMade.fingerprint()));
    site.servedFingerprint(STORE, "pve1", handMade.fingerprint());

    ServedCertificate served = site.inspect(STORE).get(0);
    assertThat(served.custom()).isTrue();
    assertThat(served.restorable()).isFalse();

    ApplicationFailure failure = failure(() -> site.restorePrevious(STORE, "pve1"));
    assertThat(failure.getType()).isEqualTo(FailureTypes.CERTIFICATE_NOT_RESTORABLE);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(handMade.fingerprint()).doesNotContain("PRIVATE");
  }

  @Test
  void aDeployWithoutAPendingCertificateIsRefusedAndAnUnknownIssuerSaysWhichItHas() {
    ApplicationFailure deploy = failure(() -> site.deploy(STORE, "pve1", lab.fingerprint(STORE, "pve2")));
    assertThat(deploy.getType()).isEqualTo(FailureTypes.INVALID_REQUEST);

    ApplicationFailure acme = failure(() -> site.issue(STORE, "pve1", CertIssuer.ACME));
    assertThat(acme.getType()).isEqualTo(FailureTypes.CERTIFICATE_NOT_ISSUED);
    assertThat(acme.getOriginalMessage()).contains("has no ACME issuer configured", "VAULT_PKI");
    assertThat(uploads()).isZero();
  }
}
