package dev.edgerunbooks.lab;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.Signature;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;

/** Deterministic self-signed certificates: same (seed, site, node) gives the same key, cert and fingerprint. */
final class Certs {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final ECNamedCurveParameterSpec CURVE = ECNamedCurveTable.getParameterSpec("secp256r1");
    static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2035-01-01T00:00:00Z");

    record NodeCert(PrivateKey key, X509Certificate cert, String fingerprint, String pem) {}

    private Certs() {}

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID uuid(String s) {
        return UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static NodeCert create(String seed, String site, String node) {
        try {
            java.security.KeyPair kp = derivedKey("edge-lab-key|" + seed + "|" + site + "|" + node);
            PrivateKey bcPriv = kp.getPrivate();
            PublicKey pub = kp.getPublic();
            String host = node + "." + site + ".lab";
            X500Name name = new X500Name("CN=" + host + ",OU=" + site + ",O=edge-lab");
            BigInteger serial = new BigInteger(1, sha256("serial|" + seed + "|" + site + "|" + node)).shiftRight(130);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(NOT_BEFORE), Date.from(NOT_AFTER), name, pub);
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.dNSName, host)}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(deterministicSigner(bcPriv)));
            PrivateKey jdkPriv = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(bcPriv.getEncoded()));
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return new NodeCert(jdkPriv, cert, fingerprint(cert), pem);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create certificate for " + node + "." + site, e);
        }
    }

    /** A P-256 key pair (Bouncy Castle keys) derived from the material: the same material gives the same key. */
    static java.security.KeyPair derivedKey(String material) throws Exception {
        BigInteger n = CURVE.getN();
        BigInteger d = new BigInteger(1, sha256(material)).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        KeyFactory bcKf = KeyFactory.getInstance("EC", BC);
        return new java.security.KeyPair(bcKf.generatePublic(new ECPublicKeySpec(CURVE.getG().multiply(d).normalize(), CURVE)),
                bcKf.generatePrivate(new ECPrivateKeySpec(d, CURVE)));
    }

    /** ecdsa-with-SHA256 signatures with RFC 6979 deterministic nonces (BC "SHA256withECDDSA"). */
    static ContentSigner deterministicSigner(PrivateKey key) throws Exception {
        Signature sig = Signature.getInstance("SHA256withECDDSA", BC);
        sig.initSign(key);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() { return alg; }

            @Override
            public OutputStream getOutputStream() { return buf; }

            @Override
            public byte[] getSignature() {
                try {
                    sig.update(buf.toByteArray());
                    return sig.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** SHA-256 of the DER, as {@code AA:BB:...}. */
    static String fingerprint(X509Certificate cert) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(h);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
