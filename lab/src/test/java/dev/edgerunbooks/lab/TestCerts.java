package dev.edgerunbooks.lab;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Certificates a test uploads to a node, and what a node serves as a real TLS handshake sees it. */
final class TestCerts {
    private TestCerts() {}

    /**
     * A certificate with its key in the PEM forms PVE takes.
     *
     * @param pkcs8 {@code -----BEGIN PRIVATE KEY-----}
     * @param sec1 {@code -----BEGIN EC PRIVATE KEY-----} (OpenSSL's traditional form)
     */
    record Issued(String certPem, String pkcs8, String sec1, String fingerprint, X509Certificate cert) {}

    /** A self-signed EC P-256 certificate for {@code host}, valid for a year from 2026-01-01. */
    static Issued selfSigned(String host) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Certs.BC); // BC's keys write SEC1 with their curve, as OpenSSL does
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + host + ",O=edge-runbooks test");
            Instant from = Instant.parse("2026-01-01T00:00:00Z");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()), Date.from(from),
                    Date.from(from.plus(Duration.ofDays(365))), name, kp.getPublic());
            // the lab's nodes answer on 127.0.0.1: an HTTP client that checks host names needs it
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, host), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            return new Issued(Certs.pem(cert), pem(new JcaPKCS8Generator(kp.getPrivate(), null)), pem(kp.getPrivate()), Certs.fingerprint(cert), cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    /** Trusts every server: for looking at what a node serves. */
    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        return ctx;
    }

    /** A connection to the node whose handshake is done. */
    static SSLSocket connect(URI node) throws Exception {
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(node.getHost(), node.getPort());
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    /** The leaf certificate a fresh handshake with the node gets. */
    static X509Certificate served(URI node) throws Exception {
        try (SSLSocket s = connect(node)) {
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    /** The SHA-256 fingerprint of the leaf a fresh handshake gets. */
    static String servedFingerprint(URI node) throws Exception {
        return Certs.fingerprint(served(node));
    }
}
