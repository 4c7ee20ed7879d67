package dev.edgerunbooks.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.report.S3ProxyFixture;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.patch.BundleManifest;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bundles published by CI to a bucket on S3Proxy, verified against the pinned key. */
class BundleVerifierTest extends S3ProxyFixture {
  static final ReportSigner CI_KEY = ReportSigner.generate();
  static final String MANIFEST = """
      {"version": "2026.12.0",
       "hostPackages": {"pve-manager": "9.1.4", "proxmox-kernel-6.17.4-1-pve-signed": "6.17.4-1"},
       "guestWorkloads": {"pos": "4.2.0", "web": "2.8.1"}}
      """;

  BundleStore store;
  BundleVerifier verifier;

  @BeforeEach
  void setUp() {
    store = new BundleStore(bucket);
    verifier = new BundleVerifier(store, CI_KEY.publicKeyPem());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  ApplicationFailure rejected(String version) {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> verifier.verify(version));
    assertThat(failure).as("rejected").isNotNull();
    assertThat(failure.getType()).isEqualTo(FailureTypes.BUNDLE_REJECTED);
    assertThat(failure.isNonRetryable()).isTrue();
    return failure;
  }

  @Test
  void aSignedBundleVerifiesAndParsesWithTheHashOfItsExactBytes() {
    String key = store.publish(utf8(MANIFEST), CI_KEY);

    BundleManifest manifest = verifier.verify("2026.12.0");

    assertThat(key).isEqualTo("bundles/2026.12.0/manifest.json");
    assertThat(text("bundles/2026.12.0/manifest.json")).isEqualTo(MANIFEST);
    assertThat(manifest.version()).isEqualTo("2026.12.0");
    assertThat(manifest.hostPackages()).containsEntry("pve-manager", "9.1.4").hasSize(2);
    assertThat(manifest.guestWorkloads()).containsEntry("pos", "4.2.0").containsEntry("web", "2.8.1");
    assertThat(manifest.sha256()).isEqualTo(ReportSigner.sha256Hex(utf8(MANIFEST)));
    assertThat(manifest.snapshotName()).isEqualTo("pre-2026-12-0");
  }

  @Test
  void anUnsignedBundleIsRejectedNamingTheMissingSignature() {
    bucket.putBytes(BundleStore.manifestKey("2026.12.0"), utf8(MANIFEST), "application/json");

    assertThat(rejected("2026.12.0").getOriginalMessage())
        .isEqualTo("bundle 2026.12.0 is unsigned: bundles/2026.12.0/manifest.json.sig missing");
  }

  @Test
  void oneChangedByteBreaksTheSignature() {
    store.publish(utf8(MANIFEST), CI_KEY);
    byte[] tampered = utf8(MANIFEST.replace("4.2.0", "4.2.1"));
    bucket.putBytes(BundleStore.manifestKey("2026.12.0"), tampered, "application/json");

    assertThat(rejected("2026.12.0").getOriginalMessage())
        .contains("signature does not verify with the pinned key " + verifier.fingerprint());
  }

  @Test
  void aBundleSignedByAnotherKeyIsRejected() {
    store.publish(utf8(MANIFEST), ReportSigner.generate());

    assertThat(rejected("2026.12.0").getOriginalMessage())
        .contains("does not verify with the pinned key " + BundleSigning.fingerprint(CI_KEY.publicKeyPem()));
  }

  @Test
  void aSignedManifestOfAnotherVersionIsRejected() {
    byte[] older = utf8(MANIFEST.replace("2026.12.0", "2026.11.0"));
    bucket.putBytes(BundleStore.manifestKey("2026.12.0"), older, "application/json");
    bucket.putBytes(BundleStore.signatureKey("2026.12.0"), BundleSigning.signatureFile(older, CI_KEY), "text/plain");

    assertThat(rejected("2026.12.0").getOriginalMessage())
        .contains("is the signed manifest of version 2026.11.0, not 2026.12.0");
  }

  @Test
  void aMissingBundleAndAMalformedVersionAreRejected() {
    assertThat(rejected("2027.1.0").getOriginalMessage())
        .contains("bundle 2027.1.0 is not published: bundles/2027.1.0/manifest.json missing");
    assertThat(rejected("../etc").getOriginalMessage()).contains("is not a bundle version");
  }

  @Test
  void aGarbledSignatureFileDoesNotVerify() {
    store.publish(utf8(MANIFEST), CI_KEY);
    bucket.putBytes(BundleStore.signatureKey("2026.12.0"), utf8("not base64!"), "text/plain");

    assertThat(rejected("2026.12.0").getOriginalMessage()).contains("does not verify");
    assertThat(BundleSigning.verify(utf8(MANIFEST), Arrays.copyOf(utf8("x"), 1), CI_KEY.publicKeyPem())).isFalse();
  }

  @Test
  void aPrivateKeyReadFromItsPemSignsLikeTheOriginal() {
    ReportSigner again = ReportSigner.fromPem(CI_KEY.privateKeyPem(), "CI secret");

    assertThat(again.keyId()).isEqualTo(CI_KEY.keyId());
    assertThat(BundleSigning.verify(utf8(MANIFEST), BundleSigning.signatureFile(utf8(MANIFEST), again), CI_KEY.publicKeyPem())).isTrue();
  }
}
