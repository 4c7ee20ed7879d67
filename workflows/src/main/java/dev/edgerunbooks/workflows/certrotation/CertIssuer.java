package dev.edgerunbooks.workflows.certrotation;

/** Who signs a node's new certificate. */
public enum CertIssuer {
  /** Vault's PKI secrets engine: {@code issue/<role>} returns the key and the certificate. */
  VAULT_PKI,
  /** An ACME CA (Let's Encrypt, step-ca, pebble): one account per fleet, the key and CSR made by the store's worker. */
  ACME
}
