package dev.edgerunbooks.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSignerTest {
  @TempDir Path dir;

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static KeyPair generate(String algorithm, java.security.spec.AlgorithmParameterSpec spec) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    g.initialize(spec);
    return g.generateKeyPair();
  }

  @Test
  void loadOrCreateMakesAnOwnerOnlyPkcs8KeyOnceAndLoadsItAfterwards() throws Exception {
    Path keyFile = dir.resolve("keys/report-signing.pem");

    ReportSigner created = ReportSigner.loadOrCreate(keyFile);

    assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    try (var files = Files.list(keyFile.getParent())) {
      assertThat(files).containsExactly(keyFile); // no temporary file left behind
    }
    ReportSigner loaded = ReportSigner.loadOrCreate(keyFile);
    assertThat(loaded.keyId()).isEqualTo(created.keyId());
    assertThat(ReportSigner.load(keyFile).publicKeyPem()).isEqualTo(created.publicKeyPem());
  }

  @Test
  void theKeyIdIsTheSha256OfTheDerPublicKey() throws Exception {
    ReportSigner signer = ReportSigner.loadOrCreate(dir.resolve("k.pem"));

    String expected = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(signer.publicKey().getEncoded()));
    assertThat(signer.keyId()).isEqualTo(expected).hasSize(64);
    assertThat(signer.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
  }

  @Test
  void thePublicKeyDerivedFromAPkcs8FileIsTheKeyPairsOwn() throws Exception {
    // both square roots of the curve equation occur across keys; the derivation must pick the right one
    for (int i = 0; i < 16; i++) {
      KeyPair pair = generate("EC", new ECGenParameterSpec("secp256r1"));
      Path file = dir.resolve("k" + i + ".pem");
      Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

      ReportSigner signer = ReportSigner.load(file);

      assertThat(signer.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }
  }

  @Test
  void aSignatureVerifiesOverTheExactBytesAndFailsWhenOneByteChanges() throws Exception {
    ReportSigner signer = ReportSigner.loadOrCreate(dir.resolve("k.pem"));
    byte[] data = "{\"verdict\":\"PASSED\"}\n".getBytes(StandardCharsets.UTF_8);

    byte[] signature = signer.sign(data);

    assertThat(signer.verify(data, signature)).isTrue();
    assertThat(ReportSigner.verify(signer.publicKeyPem(), data, signature)).isTrue();
    byte[] changed = data.clone();
    changed[3] ^= 1;
    assertThat(signer.verify(changed, signature)).isFalse();
    assertThat(ReportSigner.verify(signer.publicKeyPem(), changed, signature)).isFalse();
    byte[] brokenSignature = signature.clone();
    brokenSignature[brokenSignature.length - 1] ^= 1;
    assertThat(signer.verify(data, brokenSignature)).isFalse();
    assertThat(signer.verify(data, new byte[] {1, 2, 3})).isFalse();
    ReportSigner other = ReportSigner.loadOrCreate(dir.resolve("other.pem"));
    assertThat(other.verify(data, signature)).isFalse();
    assertThat(ReportSigner.verify("not a key", data, signature)).isFalse();
  }

  @Test
  void aMissingKeyFileIsAClearErrorWhenOnlyLoading() {
    Path missing = dir.resolve("absent.pem");
    assertThatThrownBy(() -> ReportSigner.load(missing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void anUnreadableKeyFileIsAClearError() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("key-is-a-folder.pem"));
    assertThatThrownBy(() -> ReportSigner.loadOrCreate(folder))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(folder.toString())
        .hasMessageContaining("cannot be read");
  }

  @Test
  void aMalformedKeyFileIsAClearErrorNamingTheFileAndTheFix() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "this is not a key\n");
    Path badBase64 = dir.resolve("bad64.pem");
    Files.writeString(badBase64, "-----BEGIN PRIVATE KEY-----\n@@@@\n-----END PRIVATE KEY-----\n");
    Path rsa = dir.resolve("rsa.pem");
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    Files.writeString(rsa, pem("PRIVATE KEY", rsaGenerator.generateKeyPair().getPrivate().getEncoded()));
    Path p384 = dir.resolve("p384.pem");
    Files.writeString(p384, pem("PRIVATE KEY", generate("EC", new ECGenParameterSpec("secp384r1")).getPrivate().getEncoded()));
    Path sec1 = dir.resolve("sec1.pem");
    Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");

    assertThatThrownBy(() -> ReportSigner.loadOrCreate(garbage))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("is not a PKCS#8 PEM P-256 private key")
        .hasMessageContaining("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
    assertThatThrownBy(() -> ReportSigner.load(badBase64)).hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> ReportSigner.load(rsa)).hasMessageContaining("not a PKCS#8 EC private key");
    assertThatThrownBy(() -> ReportSigner.load(p384)).hasMessageContaining("not P-256");
    assertThatThrownBy(() -> ReportSigner.load(sec1)).hasMessageContaining("openssl pkcs8 -topk8");
    // loadOrCreate never replaces a key file it cannot use
    assertThat(Files.readString(garbage)).isEqualTo("this is not a key\n");
  }
}
