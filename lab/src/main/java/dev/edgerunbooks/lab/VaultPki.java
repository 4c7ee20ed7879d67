package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgerunbooks.lab.VaultServer.Op;
import dev.edgerunbooks.lab.VaultServer.Reply;
import dev.edgerunbooks.lab.VaultServer.Req;
import dev.edgerunbooks.lab.VaultServer.VaultError;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's PKI secrets engine as mounted at {@code pki/}, with one root CA (EC P-256, derived from the lab seed: the same seed
 * gives the same CA certificate) and one role, {@code edge-node}: any host name, IP SANs allowed, EC P-256 keys, TTL 30 days,
 * max TTL 90 days. Serves {@code issue/:role}, {@code roles/:role} (read, list), {@code ca}, {@code ca/pem},
 * {@code cert/:serial} and {@code revoke}. Thread-safe: one lock.
 */
final class VaultPki {
    static final String ROLE = "edge-node";
    static final long ROLE_TTL = 30L * 86400;
    static final long ROLE_MAX_TTL = 90L * 86400;
    /** The mount's max lease TTL, 87600h, as PKI mounts are tuned (Vault's default 768h is shorter than the role's max). */
    static final long MOUNT_MAX_TTL = 87600L * 3600;
    private static final long NOT_BEFORE_DURATION = 30;
    private static final List<String> KEY_USAGE = List.of("DigitalSignature", "KeyAgreement", "KeyEncipherment");
    /** The fields of Vault's issue endpoint; others are ignored with a warning. */
    private static final String[] ISSUE_FIELDS = {"role", "common_name", "alt_names", "ip_sans", "uri_sans", "other_sans", "ttl",
            "format", "private_key_format", "exclude_cn_from_sans", "not_after", "not_before", "remove_roots_from_chain", "user_ids",
            "serial_number", "cert_metadata", "issuer_ref"};
    /** Vault's host name check (enforce_hostnames), with a wildcard first label allowed. */
    private static final Pattern HOST = Pattern.compile(
            "^(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");

    private static final class Issued {
        final X509Certificate cert;
        final String pem;
        Instant revoked;

        Issued(X509Certificate cert, String pem) {
            this.cert = cert;
            this.pem = pem;
        }
    }

    private final PrivateKey caKey;
    final X509Certificate ca;
    final String caPem;
    private final String issuerId;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> certs = new LinkedHashMap<>();

    VaultPki(String seed) {
        try {
            KeyPair kp = Certs.derivedKey("edge-lab-vault-ca|" + seed);
            caKey = kp.getPrivate();
            X500Name name = new X500Name("CN=edge lab Vault root CA,O=edge-lab");
            BigInteger serial = new BigInteger(1, Certs.sha256("vault-ca-serial|" + seed)).shiftRight(97);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial, Date.from(Certs.NOT_BEFORE),
                    Date.from(Certs.NOT_AFTER), name, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            ca = new JcaX509CertificateConverter().getCertificate(b.build(Certs.deterministicSigner(caKey)));
            caPem = pem("CERTIFICATE", ca.getEncoded());
            issuerId = Certs.uuid("vault-issuer|" + seed).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the lab Vault's CA", e);
        }
    }

    /** PEM as Go writes it, without the final newline (as Vault answers it). */
    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----";
    }

    /** The paths Vault's PKI lets anyone read: the CA and issued certificates. */
    static boolean unauthenticated(Op op, String path) {
        return op == Op.READ && (path.equals("ca") || path.equals("ca/pem") || path.startsWith("cert/"));
    }

    synchronized Reply handle(Req r) {
        String p = r.path();
        String[] parts = p.split("/", -1);
        if (parts.length == 2 && parts[0].equals("issue") && !parts[1].isEmpty()) {
            if (r.op() != Op.UPDATE) throw VaultError.unsupportedOperation();
            return issue(parts[1], r.data(), r.now());
        }
        if (p.equals("roles/")) {
            if (r.op() != Op.LIST) throw VaultError.unsupportedOperation();
            return Reply.ok(Map.of("keys", List.of(ROLE)));
        }
        if (parts.length == 2 && parts[0].equals("roles") && !parts[1].isEmpty()) {
            if (r.op() != Op.READ) throw VaultError.unsupportedOperation(); // the lab's one role is fixed
            if (!parts[1].equals(ROLE)) throw VaultError.notFound();
            return Reply.ok(role());
        }
        if (p.equals("ca") || p.equals("ca/pem")) {
            if (r.op() != Op.READ) throw VaultError.unsupportedOperation();
            try {
                return p.equals("ca") ? Reply.raw("application/pkix-cert", ca.getEncoded())
                        : Reply.raw("application/pem-certificate-chain", caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (parts.length == 2 && parts[0].equals("cert") && !parts[1].isEmpty()) {
            if (r.op() != Op.READ) throw VaultError.unsupportedOperation();
            return cert(parts[1]);
        }
        if (p.equals("revoke")) {
            if (r.op() != Op.UPDATE) throw VaultError.unsupportedOperation();
            return revoke(r.data(), r.now());
        }
        throw VaultError.unsupportedPath();
    }

    private static Map<String, Object> role() {
        Map<String, Object> m = new TreeMap<>();
        for (String f : List.of("allow_any_name", "allow_ip_sans", "allow_localhost", "allow_wildcard_certificates", "client_flag",
                "enforce_hostnames", "require_cn", "server_flag", "use_csr_common_name", "use_csr_sans")) {
            m.put(f, true);
        }
        for (String f : List.of("allow_bare_domains", "allow_glob_domains", "allow_subdomains", "allow_token_displayname",
                "allowed_domains_template", "allowed_uri_sans_template", "basic_constraints_valid_for_non_ca", "code_signing_flag",
                "email_protection_flag", "generate_lease", "no_store", "no_store_metadata", "use_pss")) {
            m.put(f, false);
        }
        for (String f : List.of("allowed_domains", "allowed_other_sans", "allowed_serial_numbers", "allowed_uri_sans",
                "allowed_user_ids", "country", "ext_key_usage", "ext_key_usage_oids", "locality", "organization", "ou",
                "policy_identifiers", "postal_code", "province", "street_address")) {
            m.put(f, List.of());
        }
        m.put("cn_validations", List.of("email", "hostname"));
        m.put("issuer_ref", "default");
        m.put("key_bits", 256);
        m.put("key_type", "ec");
        m.put("key_usage", KEY_USAGE);
        m.put("max_ttl", ROLE_MAX_TTL);
        m.put("not_after", "");
        m.put("not_before_duration", NOT_BEFORE_DURATION);
        m.put("serial_number_source", "json-csr");
        m.put("signature_bits", 256);
        m.put("ttl", ROLE_TTL);
        return m;
    }

    // ---- issue ----------------------------------------------------------------------------------------------------------

    private Reply issue(String roleName, ObjectNode in, Instant now) {
        if (!roleName.equals(ROLE)) throw VaultError.bad("unknown role: " + roleName);
        List<String> warnings = VaultServer.ignored(in, ISSUE_FIELDS);
        String format = text(in, "format", "pem");
        if (!List.of("pem", "der", "pem_bundle").contains(format)) {
            throw VaultError.bad("the \"format\" path parameter must be \"pem\", \"der\", or \"pem_bundle\"");
        }
        String keyFormat = text(in, "private_key_format", "der");
        if (!List.of("", "der", "pem", "pkcs8").contains(keyFormat)) {
            throw VaultError.bad("\"private_key_format\" must be one of \"der\", \"pem\" or \"pkcs8\", got \"" + keyFormat + "\"");
        }
        String cn = text(in, "common_name", "");
        if (cn.isEmpty()) {
            throw VaultError.bad("the common_name field is required, or must be provided in a CSR with \"use_csr_common_name\" set to true, unless \"require_cn\" is set to false");
        }
        if (!text(in, "uri_sans", "").isEmpty()) throw VaultError.bad("URI Subject Alternative Names are not allowed in this role, but were provided via the API");
        if (!text(in, "other_sans", "").isEmpty()) throw VaultError.bad("other_sans are not allowed by this role");
        if (!allowedName(cn)) throw VaultError.bad("common name " + cn + " not allowed by this role");
        LinkedHashSet<String> dns = new LinkedHashSet<>();
        LinkedHashSet<String> emails = new LinkedHashSet<>();
        if (!bool(in, "exclude_cn_from_sans")) addName(cn, dns, emails);
        for (String alt : list(in, "alt_names")) {
            if (!allowedName(alt)) throw VaultError.bad("subject alternate name " + alt + " not allowed by this role");
            addName(alt, dns, emails);
        }
        List<InetAddress> ips = new ArrayList<>();
        for (String ip : list(in, "ip_sans")) {
            InetAddress a = ipLiteral(ip);
            if (a == null) throw VaultError.bad("the value \"" + ip + "\" is not a valid IP address");
            ips.add(a);
        }
        Instant notAfter = notAfter(in, now, warnings);
        Instant caEnd = ca.getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            throw VaultError.bad("cannot satisfy request, as TTL would result in notAfter of " + goTime(notAfter)
                    + " that is beyond the expiration of the CA certificate at " + goTime(caEnd));
        }
        KeyPair key = newKey();
        X509Certificate cert = sign(cn, dns, emails, ips, key, now.minusSeconds(NOT_BEFORE_DURATION), notAfter);
        String serial = serial(cert.getSerialNumber());
        try {
            Issued issued = new Issued(cert, pem("CERTIFICATE", cert.getEncoded()));
            certs.put(serial, issued);
            byte[] keyDer = keyFormat.equals("pkcs8") ? key.getPrivate().getEncoded() : sec1(key);
            String keyType = keyFormat.equals("pkcs8") ? "PRIVATE KEY" : "EC PRIVATE KEY";
            Map<String, Object> d = new TreeMap<>();
            d.put("expiration", notAfter.getEpochSecond());
            d.put("serial_number", serial);
            d.put("private_key_type", "ec");
            boolean roots = !bool(in, "remove_roots_from_chain"); // the lab's chain is its root alone
            if (format.equals("der")) {
                Base64.Encoder b64 = Base64.getEncoder();
                d.put("certificate", b64.encodeToString(cert.getEncoded()));
                d.put("issuing_ca", b64.encodeToString(ca.getEncoded()));
                if (roots) d.put("ca_chain", List.of(b64.encodeToString(ca.getEncoded())));
                d.put("private_key", b64.encodeToString(keyDer));
            } else {
                String keyPem = pem(keyType, keyDer);
                d.put("certificate", format.equals("pem") ? issued.pem : keyPem + "\n" + issued.pem + (roots ? "\n" + caPem : ""));
                d.put("issuing_ca", caPem);
                if (roots) d.put("ca_chain", List.of(caPem));
                d.put("private_key", keyPem);
            }
            return Reply.ok(d, warnings);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** notAfter from {@code ttl} (default the role's, capped at its max with Vault's warning) or {@code not_after}. */
    private static Instant notAfter(ObjectNode in, Instant now, List<String> warnings) {
        long ttl = duration(in.get("ttl"), "ttl");
        String at = text(in, "not_after", "");
        if (ttl > 0 && !at.isEmpty()) {
            throw VaultError.bad("Either ttl or not_after should be provided. Both should not be provided in the same request.");
        }
        if (!at.isEmpty()) {
            try {
                return OffsetDateTime.parse(at).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw VaultError.bad("parsing time \"" + at + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse");
            }
        }
        if (ttl == 0) ttl = ROLE_TTL;
        if (ttl > ROLE_MAX_TTL) {
            warnings.add("TTL \"" + VaultServer.goDuration(ttl) + "\" is longer than permitted maxTTL \""
                    + VaultServer.goDuration(ROLE_MAX_TTL) + "\", so maxTTL is being used");
            ttl = ROLE_MAX_TTL;
        }
        return now.plusSeconds(ttl);
    }

    /** Seconds of a Vault duration: a number of seconds, or Go-style units ({@code 720h}, {@code 1h30m}) and {@code d}. */
    static long duration(JsonNode n, String field) {
        if (n == null || n.isNull()) return 0;
        if (n.isNumber()) return n.longValue();
        String s = n.asText().trim();
        if (s.isEmpty()) return 0;
        if (s.matches("\\d+")) return Long.parseLong(s);
        Matcher m = DURATION_PART.matcher(s);
        double seconds = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double unit = switch (m.group(2)) {
                case "ns" -> 1e-9;
                case "us", "µs" -> 1e-6;
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            seconds += Double.parseDouble(m.group(1)) * unit;
            at = m.end();
        }
        if (at != s.length()) {
            throw VaultError.bad("error converting input " + s + " for field \"" + field + "\": time: invalid duration \"" + s + "\"");
        }
        return (long) seconds;
    }

    private static boolean allowedName(String name) {
        int at = name.lastIndexOf('@');
        String host = at >= 0 ? name.substring(at + 1) : name;
        return (at != 0) && HOST.matcher(host).matches();
    }

    /** Where Vault puts a name: an email address to the email SANs, a host name to the DNS SANs. */
    private static void addName(String name, LinkedHashSet<String> dns, LinkedHashSet<String> emails) {
        if (name.contains("@")) emails.add(name);
        else if (HOST.matcher(name).matches()) dns.add(name);
    }

    /** An IP address literal (never a DNS lookup), or null. */
    static InetAddress ipLiteral(String s) {
        try {
            if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                String[] p = s.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(p[i]);
                    if (v > 255) return null;
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            if (s.contains(":") && s.matches("[0-9A-Fa-f:.]+")) return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Certs.BC);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as Go's {@code x509.MarshalECPrivateKey} writes it (SEC 1, with the curve and the public key). */
    private static byte[] sec1(KeyPair key) {
        try {
            BigInteger d = ((org.bouncycastle.jce.interfaces.ECPrivateKey) key.getPrivate()).getD();
            byte[] q = ((org.bouncycastle.jce.interfaces.ECPublicKey) key.getPublic()).getQ().getEncoded(false);
            return new ECPrivateKey(256, d, new DERBitString(q), SECObjectIdentifiers.secp256r1).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(String cn, LinkedHashSet<String> dns, LinkedHashSet<String> emails, List<InetAddress> ips,
                                 KeyPair key, Instant notBefore, Instant notAfter) {
        try {
            BigInteger serial;
            do {
                serial = new BigInteger(159, random);
            } while (serial.signum() == 0);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    serial, Date.from(notBefore), Date.from(notAfter), subject, key.getPublic());
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.getPublicKey()));
            List<GeneralName> sans = new ArrayList<>();
            for (String d : dns) sans.add(new GeneralName(GeneralName.dNSName, d));
            for (String e : emails) sans.add(new GeneralName(GeneralName.rfc822Name, e));
            for (InetAddress ip : ips) sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress()));
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Certs.BC).build(caKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a certificate for " + cn, e);
        }
    }

    /** A serial as Vault shows it: lower-case hex bytes joined by colons. */
    static String serial(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b.length > 1 && b[0] == 0) b = java.util.Arrays.copyOfRange(b, 1, b.length);
        return HexFormat.ofDelimiter(":").formatHex(b);
    }

    /** Vault accepts serials with colons or hyphens, in either case. */
    private static String normalize(String serial) {
        return serial.trim().toLowerCase().replace('-', ':');
    }

    /** A time as Go prints a {@code time.Time} in UTC. */
    private static String goTime(Instant t) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(t.atOffset(ZoneOffset.UTC)) + " +0000 UTC";
    }

    // ---- certificates and revocation ------------------------------------------------------------------------------------

    private Reply cert(String serial) {
        Map<String, Object> d = new TreeMap<>();
        String s = normalize(serial);
        if (s.equals("ca") || s.equals("ca_chain")) {
            d.put("certificate", caPem);
            if (s.equals("ca_chain")) d.put("ca_chain", caPem);
            d.put("revocation_time", 0);
            d.put("revocation_time_rfc3339", "");
            return Reply.ok(d);
        }
        Issued c = certs.get(s);
        if (c == null) throw VaultError.notFound();
        d.put("certificate", c.pem);
        d.put("revocation_time", c.revoked == null ? 0 : c.revoked.getEpochSecond());
        d.put("revocation_time_rfc3339", VaultServer.rfc3339(c.revoked));
        if (c.revoked != null) d.put("issuer_id", issuerId);
        return Reply.ok(d);
    }

    private Reply revoke(ObjectNode in, Instant now) {
        List<String> warnings = VaultServer.ignored(in, "serial_number", "certificate");
        boolean haveSerial = in.hasNonNull("serial_number"), haveCert = in.hasNonNull("certificate");
        if (!haveSerial && !haveCert) throw VaultError.bad("The serial number or certificate to revoke must be provided.");
        if (haveSerial && haveCert) throw VaultError.bad("Must provide either the certificate or the serial to revoke; not both.");
        String serial;
        if (haveCert) {
            X509Certificate presented = parse(in.get("certificate").asText());
            try {
                presented.verify(ca.getPublicKey());
            } catch (Exception e) {
                throw VaultError.bad("unable to verify signature on presented cert from any present issuer in this mount; certificates from previous CAs will need to have their issuing CA and key re-imported if revoked");
            }
            serial = serial(presented.getSerialNumber());
        } else {
            serial = in.get("serial_number").asText();
            if (serial.isEmpty()) throw VaultError.bad("The serial number must be provided");
        }
        Issued c = certs.get(normalize(serial));
        if (c == null) throw VaultError.bad("certificate with serial " + serial + " not found or was already revoked");
        if (c.revoked == null && c.cert.getNotAfter().toInstant().isBefore(now)) {
            warnings.add("certificate with serial " + serial + " already expired; refusing to add to CRL");
            return Reply.none(warnings);
        }
        if (c.revoked == null) c.revoked = now;
        Map<String, Object> d = new TreeMap<>();
        d.put("revocation_time", c.revoked.getEpochSecond());
        d.put("revocation_time_rfc3339", VaultServer.rfc3339(c.revoked));
        d.put("state", "revoked");
        return Reply.ok(d, warnings);
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw VaultError.bad("certificate could not be parsed: " + e.getMessage());
        }
    }

    // ---- fields ---------------------------------------------------------------------------------------------------------

    private static String text(ObjectNode in, String field, String def) {
        JsonNode n = in.get(field);
        return n == null || n.isNull() ? def : n.isValueNode() ? n.asText() : n.toString();
    }

    private static boolean bool(ObjectNode in, String field) {
        JsonNode n = in.get(field);
        return n != null && (n.isBoolean() ? n.booleanValue() : List.of("1", "t", "true").contains(n.asText().toLowerCase()));
    }

    /** A comma-separated string or a JSON list, trimmed, empty items dropped. */
    private static List<String> list(ObjectNode in, String field) {
        JsonNode n = in.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        List<String> raw = new ArrayList<>();
        if (n.isArray()) n.forEach(x -> raw.add(x.asText()));
        else raw.addAll(List.of(n.asText().split(",")));
        for (String s : raw) if (!s.isBlank()) out.add(s.trim());
        return out;
    }
}
