package dev.edgerunbooks.activities.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM in and out (certificates, chains, private keys) with Bouncy Castle's PEM reader and writer,
 * and TLS trust in a PEM file's CA certificates. An error names what was read, never its content.
 */
public final class Pem {
  private Pem() {}

  /** A PEM file's text. */
  public static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + what + " " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /** Every certificate of a PEM text, in order (a chain: leaf first). */
  public static List<X509Certificate> certificates(String pem, String what) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (var c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(what + " holds no PEM certificate");
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(what + " is not a PEM certificate chain (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The leaf of a PEM chain: its first certificate. */
  public static X509Certificate leaf(String pem, String what) {
    return certificates(pem, what).get(0);
  }

  /** The certificates as PEM, one block each, in order. */
  public static String encode(List<X509Certificate> chain) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate c : chain) {
        writer.writeObject(c);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a certificate as PEM", e);
    }
    return out.toString();
  }

  /** A private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), the form pveproxy reads. */
  public static String encode(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a private key as PEM", e);
    }
    return out.toString();
  }

  /** The private key of a PEM text: PKCS#8, or an OpenSSL {@code EC}/{@code RSA PRIVATE KEY}. */
  public static PrivateKey privateKey(String pem, String what) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(what + " is not a PEM private key (" + e.getClass().getSimpleName() + ")", e);
    }
    throw new IllegalArgumentException(what + " holds no PEM private key");
  }

  /**
   * A TLS context that trusts exactly the CA certificates of a PEM text (Vault's CA, an ACME
   * directory's), with the JDK's usual chain and host name checks.
   */
  public static SSLContext trusting(String caPem, String what) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : certificates(caPem, what)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust " + what + ": " + e.getMessage(), e);
    }
  }
}
