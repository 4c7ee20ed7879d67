package dev.edgerunbooks.activities.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.tls.Pem;
import dev.edgerunbooks.activities.vault.MemoryVault;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Certificates from a real ACME CA: Debian's pebble, validating DNS-01 against its mock DNS server. */
class AcmeIssuerTest {
  static Pebble pebble;
  final MemoryVault vault = new MemoryVault();
  final AtomicInteger heartbeats = new AtomicInteger();

  @BeforeAll
  static void start() {
    Pebble.assumeInstalled();
    pebble = Pebble.start();
  }

  @AfterAll
  static void stop() {
    if (pebble != null) {
      pebble.close();
    }
  }

  AcmeIssuer issuer(List<String> hook) {
    AcmeSettings settings = AcmeSettings.of(pebble.directory(), AcmeSettings.DNS_01)
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

    List<X509Certificate> chain = Pem.certificates(issued.chainPem(), "the chain");
    X509Certificate leaf = chain.get(0);
    assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).containsExactly("pve1.store-0001.lab");
    PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(pebble.root(), null)));
    pkix.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), pkix);
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(Pem.privateKey(issued.keyPem(), "the key"));
    signature.update(new byte[] {1, 2, 3});
    byte[] signed = signature.sign();
    signature.initVerify(leaf.getPublicKey());
    signature.update(new byte[] {1, 2, 3});
    assertThat(signature.verify(signed)).as("the key is the certificate's").isTrue();
    assertThat(issued.issuer()).isEqualTo(CertIssuer.ACME);
    assertThat(issued.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(5)));
    assertThat(issued.toString()).doesNotContain("PRIVATE KEY").doesNotContain(issued.keyPem().lines().skip(1).findFirst().orElseThrow());
    assertThat(issued.issued("pve1").toString()).doesNotContain("PRIVATE");

    Map<String, String> account = vault.entries.get(vault.paths().acmeAccount());
    assertThat(account).containsKeys("key", "location");
    assertThat(account.get("location")).startsWith("https://127.0.0.1:");

    NewCertificate second = issuer(pebble.dnsHook()).issue(request("pve2"), () -> {});
    assertThat(second.fingerprint()).isNotEqualTo(issued.fingerprint());
    assertThat(vault.entries.get(vault.paths().acmeAccount())).as("the fleet's one account, reused").isEqualTo(account);
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
