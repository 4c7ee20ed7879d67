package dev.edgerunbooks.activities.certs;

import dev.edgerunbooks.workflows.certrotation.CertIssuer;

/**
 * Signs a node's new certificate: Vault's PKI engine, or an ACME CA. Failures are {@code
 * ApplicationFailure}s: {@code CertificateNotIssued} when the issuer did not give one, Vault's own
 * types for Vault.
 */
public interface CertificateIssuer {
  /** Which issuer this is, as the rotation policy names it. */
  CertIssuer kind();

  /**
   * A new key and certificate for the request.
   *
   * @param heartbeat called while waiting on the issuer, at least every few seconds
   */
  NewCertificate issue(CertificateRequest request, Runnable heartbeat);
}
