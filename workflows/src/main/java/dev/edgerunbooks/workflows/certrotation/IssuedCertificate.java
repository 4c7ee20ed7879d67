package dev.edgerunbooks.workflows.certrotation;

import java.time.Instant;

/**
 * A new certificate, issued and waiting in Vault with its key: the workflow sees only what
 * identifies it, never the key.
 */
public record IssuedCertificate(
    String node, String fingerprint, String serial, Instant notBefore, Instant notAfter, CertIssuer issuer) {}
