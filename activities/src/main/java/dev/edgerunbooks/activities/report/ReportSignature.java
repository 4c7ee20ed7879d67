package dev.edgerunbooks.activities.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A detached signature, stored as JSON beside the object it signs ({@code <key>.sig}).
 *
 * @param algorithm {@value ReportSigner#ALGORITHM}
 * @param curve {@value ReportSigner#CURVE}
 * @param keyId hex SHA-256 of the DER public key
 * @param publicKey the public key, PEM
 * @param signed the key of the signed object
 * @param sha256 hex SHA-256 of the signed bytes
 * @param signature base64 of the DER-encoded ECDSA signature over exactly the signed object's bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportSignature(
    String algorithm,
    String curve,
    String keyId,
    String publicKey,
    String signed,
    String sha256,
    String signature) {}
