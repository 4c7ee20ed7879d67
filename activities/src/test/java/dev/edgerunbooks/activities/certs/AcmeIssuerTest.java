package dev.edgerunbooks.activities.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificates from a real ACME CA: Debian's pebble, validating DNS-01 against its mock DNS server;
 * the fleet's account in the lab's Vault.
 */
class AcmeIssuerTest {
  static Pebble pebble;
  static Lab lab;
  static VaultClient vault;
  final AtomicInteger heartbeats = new AtomicInteger();

  @BeforeAll
  static void start() {
    Pebble.assumeInstalled();
    pebble = Pebble.start();
    lab = Lab.start(LabSites.options());
    vault = LabSites.vault(lab);
  }

  @AfterAll
  static void stop() {
    if (pebble != null) {
      pebble.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  AcmeIssuer issuer(List<String> hook) {
    return issuer(hook, AcmeSettings.DNS_01);
  }

  AcmeIssuer issuer(List<String> hook, String challenge) {
    AcmeSettings settings = AcmeSettings.of(pebble.directory(), challenge)
        .withCaPem(pebble.tlsCaPem())
        .withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(200));
    return new AcmeIssuer(settings, vault, new CommandChallengeResponder(hook, Duration.ofSeconds(20)));
  }

  static CertificateRequest request(String node) {
    String name = node + ".store-0001.lab";
    return new CertificateRequest("store-0001", node, name, List.of(name), List.of("127.0.0.1"));
  }

  @Test
  void issuesAKeyAndCertificateForTheNodesNameChainedToPebblesRootWithOneAccountInVault() throws Exception {
    NewCertificate issued = issuer(pebble.dnsHook()).issue(request("pve1"), heartbeats::incrementAndGet);

    X509Certificate leaf = CertificateChecks.valid(issued, pebble.root());
    assertThat(CertificateChecks.names(leaf)).as("DNS names only: ACME is not asked for addresses").containsExactly("pve1.store-0001.lab");
    assertThat(issued.issuer()).isEqualTo(CertIssuer.ACME);
    assertThat(issued.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(5)));
    assertThat(issued.issued("pve1").toString()).doesNotContain("PRIVATE");

    Map<String, String> account = vault.read(vault.paths().acmeAccount()).orElseThrow();
    assertThat(account).containsKeys("key", "location");
    assertThat(account.get("location")).startsWith("https://127.0.0.1:");

    NewCertificate second = issuer(pebble.dnsHook()).issue(request("pve2"), () -> {});
    assertThat(second.fingerprint()).isNotEqualTo(issued.fingerprint());
    assertThat(vault.read(vault.paths().acmeAccount()).orElseThrow()).as("the fleet's one account, reused").isEqualTo(account);
  }

  @Test
  void http01IsProvedThroughTheHookToo() throws Exception {
    NewCertificate issued = issuer(pebble.httpHook(), AcmeSettings.HTTP_01).issue(request("pve5"), () -> {});

    X509Certificate leaf = CertificateChecks.valid(issued, pebble.root());
    assertThat(CertificateChecks.names(leaf)).containsExactly("pve5.store-0001.lab");
  }

  @Test
  void aHookThatFailsIsAClearErrorNotRetried() {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> issuer(List.of("sh", "-c", "echo 'dns provider said no' >&2; exit 3")).issue(request("pve3"), () -> {}));

    assertThat(failure.getType()).isEqualTo(FailureTypes.CERTIFICATE_NOT_ISSUED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("ACME dns-01 hook (present) for pve3.store-0001.lab", "exited with 3", "dns provider said no");
  }

  @Test
  void aChallengeThatIsNotPublishedFailsItsValidationNotRetried() {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> issuer(List.of("true")).issue(request("pve4"), () -> {}));

    assertThat(failure.getType()).isEqualTo(FailureTypes.CERTIFICATE_NOT_ISSUED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("the dns-01 validation of pve4.store-0001.lab", "failed");
  }
}
