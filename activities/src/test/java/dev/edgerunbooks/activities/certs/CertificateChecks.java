package dev.edgerunbooks.activities.certs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.activities.tls.Pem;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/** What an issued certificate must be, whoever issued it. */
final class CertificateChecks {
  private CertificateChecks() {}

  /** Its chain validates up to {@code root}, and its key is the leaf's. */
  static X509Certificate valid(NewCertificate issued, X509Certificate root) throws GeneralSecurityException {
    List<X509Certificate> chain = Pem.certificates(issued.chainPem(), "the chain");
    PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    pkix.setRevocationEnabled(false);
    List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), pkix);
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(Pem.privateKey(issued.keyPem(), "the key"));
    signature.update(new byte[] {1, 2, 3});
    byte[] signed = signature.sign();
    signature.initVerify(chain.get(0).getPublicKey());
    signature.update(new byte[] {1, 2, 3});
    assertThat(signature.verify(signed)).as("the key is the certificate's").isTrue();
    assertThat(issued.toString()).doesNotContain("PRIVATE KEY").doesNotContain(issued.keyPem().lines().skip(1).findFirst().orElseThrow());
    return chain.get(0);
  }

  /** The leaf's DNS names and IP addresses, as strings. */
  static List<String> names(X509Certificate leaf) throws CertificateParsingException {
    return leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
  }
}
