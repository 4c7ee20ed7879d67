package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.NodeState;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.edgerunbooks.lab.PveApi.map;

/**
 * A node's TLS certificates, as pve-manager's {@code PVE::API2::Certificates} handles them: {@code pve-ssl.pem} (the node's own)
 * and the custom {@code pveproxy-ssl.pem} that pveproxy serves instead when it exists. Any node answers for another (PVE proxies
 * to the named node); files change at once, what the node serves changes when pveproxy restarts.
 */
final class CertificatesApi {
    private CertificatesApi() {}

    static final String DEFAULT_FILE = "pve-ssl.pem", CUSTOM_FILE = "pveproxy-ssl.pem";

    // PVE::Certificate's PEM checks (RFC 7468): formats pem-certificate-chain and pem-string
    private static final String B64 = "[0-9A-Za-z+/]";
    private static final Pattern LEADING_TEXT = Pattern.compile("^.*?(?=-----BEGIN .*?-----(?:\\s|\\n)*)", Pattern.DOTALL);
    private static final Pattern CERT_CHAIN = Pattern.compile("(" + pem("CERTIFICATE") + "\\n+)*" + pem("CERTIFICATE"));
    private static final Pattern PEM_STRING = Pattern.compile(pem(".*?"));
    private static final String NOT_PEM = "invalid format - not a valid PEM-formatted string.\n";

    private static String pem(String label) {
        return "-----BEGIN " + label + "-----(?:\\s|\\n)*(?:" + B64 + "+\\s*\\n)*" + B64 + "*(?:=\\s*\\n=|={0,2})?\\s*\\n-----END " + label
                + "-----(?:\\s|\\n)*";
    }

    static void register(Router r) {
        r.add("GET", "/nodes/{node}/certificates/info", CertificatesApi::info, "node");
        r.add("POST", "/nodes/{node}/certificates/custom", CertificatesApi::upload, "certificates", "node");
        r.add("DELETE", "/nodes/{node}/certificates/custom", CertificatesApi::remove, "node");
    }

    /** {@code GET …/certificates/info}: pve-ssl.pem, then pveproxy-ssl.pem when installed (the files, not what is served). */
    static Object info(Request q) {
        Site s = q.site();
        String node = q.p("node");
        List<Object> l = new ArrayList<>();
        l.add(info(DEFAULT_FILE, s.servers.get(node).cert.cert()));
        NodeState ns = s.nodeStates.get(node);
        if (ns.customCert != null) l.add(info(CUSTOM_FILE, ns.customCert.cert()));
        return l;
    }

    /** One certificate as {@code PVE::Certificate::get_certificate_info} describes it. */
    static Map<String, Object> info(String filename, X509Certificate c) {
        List<String> san = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> e : c.getSubjectAlternativeNames()) {
                    int type = (Integer) e.get(0);
                    if (type == 2 || type == 7) san.add(String.valueOf(e.get(1))); // DNS names and IP addresses, as PVE lists them
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // PVE warns and lists none
        }
        PublicKey pk = c.getPublicKey();
        String keyType = switch (pk.getAlgorithm()) {
            case "EC" -> "id-ecPublicKey";
            case "RSA" -> "rsaEncryption";
            case "Ed25519", "EdDSA" -> "ED25519";
            default -> pk.getAlgorithm();
        };
        Integer bits = pk instanceof ECPublicKey ec ? Integer.valueOf(ec.getParams().getCurve().getField().getFieldSize())
                : pk instanceof RSAPublicKey rsa ? Integer.valueOf(rsa.getModulus().bitLength()) : null;
        return map("filename", filename, "fingerprint", Certs.fingerprint(c), "subject", Certs.oneline(c.getSubjectX500Principal()),
                "issuer", Certs.oneline(c.getIssuerX500Principal()), "notbefore", c.getNotBefore().getTime() / 1000,
                "notafter", c.getNotAfter().getTime() / 1000, "san", san, "pem", Certs.pem(c), "public-key-type", keyType,
                "public-key-bits", bits);
    }

    static String stripLeadingText(String s) {
        return LEADING_TEXT.matcher(s).replaceFirst("");
    }

    /**
     * {@code POST …/certificates/custom}: writes pveproxy-ssl.pem (and .key) and returns its info. PVE's refusals: a PEM that is
     * not one (400), no key given and none installed (400), a custom certificate installed and no {@code force} (500, as
     * {@code set_cert_files} dies). The lab also refuses a key that does not belong to the leaf certificate (400), which PVE
     * leaves to pveproxy's restart. With {@code restart} pveproxy serves the new files shortly after the answer.
     */
    static Object upload(Request q) {
        Site s = q.site();
        String node = q.p("node");
        NodeState ns = s.nodeStates.get(node);
        String certs = stripLeadingText(q.p("certificates"));
        String keyPem = q.p("key", null);
        boolean force = q.bool("force"), restart = q.bool("restart");
        Map<String, String> errors = new LinkedHashMap<>();
        if (!CERT_CHAIN.matcher(certs).matches()) errors.put("certificates", NOT_PEM);
        if (keyPem != null) {
            keyPem = stripLeadingText(keyPem);
            if (!PEM_STRING.matcher(keyPem).matches()) errors.put("key", NOT_PEM);
        }
        if (!errors.isEmpty()) throw new ApiException(400, "Parameter verification failed.", errors);
        if (keyPem == null && ns.customCert == null) {
            throw ApiException.param("key", "Attempted to upload custom certificate without (existing) key.");
        }
        if (!force && ns.customCert != null) throw ApiException.fail("Custom certificate file exists but force flag is not set.");
        List<X509Certificate> chain = Certs.parseChain(certs);
        if (chain.isEmpty()) {
            throw ApiException.fail("Setting certificate files failed - unable to read certificate from '/etc/pve/nodes/" + node + "/" + CUSTOM_FILE + "'");
        }
        PrivateKey key = keyPem == null ? ns.customCert.key() : Certs.parseKey(keyPem);
        if (key == null) throw ApiException.param("key", "unable to read private key (PKCS#8, EC or RSA, unencrypted)");
        if (!Certs.keyMatches(key, chain.get(0).getPublicKey())) {
            throw ApiException.param("key", "private key does not match the certificate's public key");
        }
        boolean broken = s.faults.brokenCertificate.remove(node); // one-shot
        Site.setCustomCert(ns, Certs.NodeCert.of(key, chain), broken);
        s.countOperation("upload-certificate", node);
        if (restart) s.restartPveproxy(node);
        return info(CUSTOM_FILE, chain.get(0));
    }

    /** {@code DELETE …/certificates/custom}: removes pveproxy-ssl.pem and .key (none is no error); null. */
    static Object remove(Request q) {
        Site s = q.site();
        String node = q.p("node");
        boolean restart = q.bool("restart");
        Site.setCustomCert(s.nodeStates.get(node), null, false);
        s.countOperation("delete-certificate", node);
        if (restart) s.restartPveproxy(node);
        return null;
    }
}
