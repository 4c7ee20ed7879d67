package dev.edgerunbooks.activities.certs;

import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA in the test's memory, issuing as an issuer of the given kind would; counts what it issued. */
public final class TestCa implements CertificateIssuer {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private final CertIssuer kind;
  private final KeyPair key = keyPair();
  private final X509Certificate certificate;
  public final AtomicInteger issued = new AtomicInteger();

  public TestCa(CertIssuer kind) {
    this.kind = kind;
    this.certificate = sign(new X500Name("CN=edge test CA"), key, List.of(), true, Duration.ofDays(365));
  }

  @Override
  public CertIssuer kind() {
    return kind;
  }

  @Override
  public NewCertificate issue(CertificateRequest request, Runnable heartbeat) {
    issued.incrementAndGet();
    KeyPair node = keyPair();
    List<GeneralName> names = new ArrayList<>();
    request.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    X509Certificate leaf = sign(new X500Name("CN=" + request.commonName()), node, names, false, Duration.ofDays(90));
    return NewCertificate.of(List.of(leaf, certificate), node.getPrivate(), kind);
  }

  private X509Certificate sign(X500Name subject, KeyPair subjectKey, List<GeneralName> names, boolean ca, Duration life) {
    try {
      Instant now = Instant.now();
      X500Name issuer = certificate == null ? subject : new X500Name(certificate.getSubjectX500Principal().getName());
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
          Date.from(now.minusSeconds(30)), Date.from(now.plus(life)), subject, subjectKey.getPublic());
      if (!names.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
