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
import java.util.List;
import java.util.UUID;

/** Deterministic self-signed certificates: same (seed, site, node) gives the same key, cert and fingerprint. */
final class Certs {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final ECNamedCurveParameterSpec CURVE = ECNamedCurveTable.getParameterSpec("secp256r1");
    static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2035-01-01T00:00:00Z");

    /**
     * A key and the certificate chain it serves (leaf first).
     *
     * @param cert the leaf
     * @param fingerprint SHA-256 of the leaf, {@code AA:BB:…}
     * @param pem the leaf in PEM
     */
    record NodeCert(PrivateKey key, X509Certificate cert, String fingerprint, String pem, List<X509Certificate> chain) {
        static NodeCert of(PrivateKey key, List<X509Certificate> chain) {
            X509Certificate leaf = chain.get(0);
            return new NodeCert(key, leaf, Certs.fingerprint(leaf), Certs.pem(leaf), List.copyOf(chain));
        }
    }

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
            return NodeCert.of(jdkPriv, List.of(cert));
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

    /** The certificate in PEM, 64 characters a line (as OpenSSL writes it). */
    static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fresh self-signed certificate ({@code CN=broken}, a random P-256 key) that expired a day before {@code now}: what a node
     * serves when a certificate upload went wrong.
     */
    static NodeCert broken(Instant now) {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=broken");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(java.time.Duration.ofDays(30))), Date.from(now.minus(java.time.Duration.ofDays(1))), name, kp.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            return NodeCert.of(kp.getPrivate(), List.of(cert));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a broken certificate", e);
        }
    }

    /** The certificates of a PEM chain, leaf first; empty when none parses. */
    static List<X509Certificate> parseChain(String pem) {
        try {
            java.security.cert.CertificateFactory f = java.security.cert.CertificateFactory.getInstance("X.509");
            List<X509Certificate> l = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : f.generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                l.add((X509Certificate) c);
            }
            return l;
        } catch (Exception e) {
            return List.of();
        }
    }

    /** A PEM private key: PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}); null when none parses. */
    static PrivateKey parseKey(String pem) {
        try (org.bouncycastle.openssl.PEMParser p = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
            Object o = p.readObject();
            org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = o instanceof org.bouncycastle.openssl.PEMKeyPair kp ? kp.getPrivateKeyInfo()
                    : o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo pki ? pki : null;
            if (info == null) return null;
            // read by BC (the JDK does not take SEC1's curve inside the key), handed to the JDK's TLS as a JDK key
            PrivateKey bc = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info);
            String alg = bc.getAlgorithm().equals("ECDSA") ? "EC" : bc.getAlgorithm();
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(bc.getEncoded()));
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether the private key belongs to the public key: a signature made with one verifies with the other. */
    static boolean keyMatches(PrivateKey key, PublicKey pub) {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null || !key.getAlgorithm().equals(pub.getAlgorithm())) return false;
        try {
            byte[] probe = "edge-lab key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (Exception e) {
            return false;
        }
    }

    /** A distinguished name as OpenSSL's {@code X509_NAME_oneline} writes it, in the certificate's order: {@code /CN=x/OU=y/O=z}. */
    static String oneline(javax.security.auth.x500.X500Principal p) {
        StringBuilder b = new StringBuilder();
        for (org.bouncycastle.asn1.x500.RDN rdn : X500Name.getInstance(p.getEncoded()).getRDNs()) {
            for (org.bouncycastle.asn1.x500.AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                String type = org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE.oidToDisplayName(tv.getType());
                b.append('/').append(type == null ? tv.getType().getId() : type).append('=')
                        .append(org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(tv.getValue()));
            }
        }
        return b.toString();
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
